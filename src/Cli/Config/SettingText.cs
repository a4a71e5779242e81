using System.Globalization;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Sampling;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>
/// The parsers of <see cref="TracingSettings"/>: text of the variable named first, typed value out, or an exception
/// that names the variable and quotes the value.
/// </summary>
internal static class SettingText
{
    /// <summary>Text as given: every parser takes the variable's name, this one needs no check.</summary>
    public static string Text(string _, string text) => text;

    public static ExporterKind Exporter(string variable, string text) => text.ToLowerInvariant() switch
    {
        "otlp" => ExporterKind.Otlp,
        "zipkin" => ExporterKind.Zipkin,
        "console" => ExporterKind.Console,
        "none" => ExporterKind.None,
        _ => throw Bad(variable, text, "one of otlp, zipkin, console, none (a single exporter)"),
    };

    public static OtlpProtocol Protocol(string variable, string text) => text.ToLowerInvariant() switch
    {
        "grpc" => OtlpProtocol.Grpc,
        "http/protobuf" => OtlpProtocol.HttpProtobuf,
        _ => throw Bad(variable, text, "grpc or http/protobuf (http/json is not supported)"),
    };

    public static ExportCompression Compression(string variable, string text) => text.ToLowerInvariant() switch
    {
        "gzip" => ExportCompression.Gzip,
        "none" => ExportCompression.None,
        _ => throw Bad(variable, text, "gzip or none"),
    };

    public static SamplerKind Sampler(string variable, string text) =>
        SamplerNames.TryParse(text, out var kind) ? kind : throw Bad(variable, text, SamplerNames.Expected);

    public static double Ratio(string variable, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw Bad(variable, text, "a ratio in [0, 1]");

    public static Propagators PropagatorSet(string variable, string text)
    {
        try
        {
            return PropagatorList.Parse(text);
        }
        catch (FormatException e)
        {
            throw new TracingConfigurationException(variable, $"{variable}='{text}': {e.Message}");
        }
    }

    public static Uri AbsoluteUri(string variable, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw Bad(variable, text, "an absolute http:// or https:// URL");

    public static TimeSpan Milliseconds(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw Bad(variable, text, "a positive number of milliseconds");

    public static int PositiveInt(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw Bad(variable, text, "a positive integer");

    /// <summary>Parses <c>k=v,k2=v2</c> (W3C-baggage-like, values percent-decoded).</summary>
    public static List<KeyValuePair<string, string>> KeyValueList(string variable, string text)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=');
            var key = eq > 0 ? item[..eq].Trim() : string.Empty;
            if (key.Length == 0)
            {
                throw Bad(variable, text, "a comma-separated list of key=value");
            }

            try
            {
                result.Add(new(key, Uri.UnescapeDataString(item[(eq + 1)..].Trim())));
            }
            catch (UriFormatException)
            {
                throw Bad(variable, text, "percent-encoded values");
            }
        }

        return result;
    }

    private static TracingConfigurationException Bad(string variable, string value, string expected) =>
        new(variable, $"{variable}='{value}': expected {expected}");
}
