using System.Globalization;
using System.Text;
using System.Text.Json;
using SpoaOpenTracing.Tracing.Sampling;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>
/// Reads the seed's <c>-C</c> files (<c>cfg-jaeger.yml</c>, <c>cfg-zipkin.json</c>, <c>cfg-dd.json</c>): the format by
/// extension, else by content; the vendor by the keys present. Keys we cannot honour become warnings.
/// </summary>
internal static class TracerConfigReader
{
    private static readonly HashSet<string> JaegerIgnored =
        ["disabled", "headers", "baggage_restrictions", "throttler", "propagation", "tags", "traceid_128bit"];

    private static readonly HashSet<string> JaegerSamplerIgnored = ["samplingServerURL", "maxOperations", "samplingRefreshInterval"];

    private static readonly HashSet<string> JaegerReporterIgnored = ["logSpans", "queueSize", "bufferFlushInterval", "user", "password"];

    private static readonly HashSet<string> ZipkinIgnored = ["reporting_period", "max_buffered_spans"];

    private static readonly HashSet<string> DatadogIgnored =
    [
        "type", "dd.priority.sampling", "operation_name_override", "propagation_style_extract", "propagation_style_inject",
        "dd.trace.report-hostname", "dd.trace.analytics-enabled", "dd.trace.analytics-sample-rate", "agent_url", "tags",
    ];

    public static TracerConfig Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"unable to read tracer configuration '{path}': {e.Message}", e);
        }

        return Parse(path, text);
    }

    public static TracerConfig Parse(string path, string text)
    {
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var json = extension switch
        {
            ".json" => true,
            ".yml" or ".yaml" => false,
            _ => FirstSignificantChar(text) == '{',
        };
        return json ? ParseJson(path, text) : ParseJaeger(path, text);
    }

    private static char FirstSignificantChar(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#' && !trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                return trimmed[0];
            }
        }

        return '\0';
    }

    private static TracerConfig ParseJaeger(string path, string text)
    {
        var config = new TracerConfig { Path = path, Kind = TracerConfigKind.Jaeger };
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new ConfigException($"tracer configuration '{path}': expected a YAML mapping");
        }
        catch (YamlException e)
        {
            throw new ConfigException($"tracer configuration '{path}': {e.Message}", e);
        }

        foreach (var (key, value) in Entries(root))
        {
            switch (key)
            {
                case "service_name": config.ServiceName = Scalar(value); break;
                case "sampler": ReadJaegerSampler(config, value); break;
                case "reporter": ReadJaegerReporter(config, value); break;
                default: Ignore(config, key, JaegerIgnored); break;
            }
        }

        return config;
    }

    private static void ReadJaegerSampler(TracerConfig config, YamlNode node)
    {
        string? type = null;
        double? param = null;
        foreach (var (key, value) in Entries(node))
        {
            switch (key)
            {
                case "type": type = Scalar(value); break;
                case "param": param = Number(config, "sampler.param", Scalar(value)); break;
                default: Ignore(config, "sampler." + key, JaegerSamplerIgnored, key); break;
            }
        }

        switch (type)
        {
            case null: break;
            case "const":
                config.Sampler = param is null or 0 ? SamplerKind.AlwaysOff : SamplerKind.AlwaysOn;
                break;
            case "probabilistic":
                config.Sampler = SamplerKind.TraceIdRatio;
                config.SamplerArgument = Math.Clamp(param ?? 1.0, 0, 1);
                break;
            case "ratelimiting":
                config.Sampler = SamplerKind.AlwaysOn;
                config.RateLimitPerSecond = Math.Max(param ?? 0, 0);
                break;
            default:
                config.Warnings.Add($"{config.Path}: sampler type '{type}' is not supported here, default sampler kept");
                break;
        }
    }

    private static void ReadJaegerReporter(TracerConfig config, YamlNode node)
    {
        foreach (var (key, value) in Entries(node))
        {
            switch (key)
            {
                // host:port of the UDP agent (6831): only the host is kept, Jaeger ingests OTLP on the same host.
                case "localAgentHostPort": config.CollectorHost ??= HostOf(Scalar(value)); break;
                case "endpoint":
                    config.CollectorHost = Uri.TryCreate(Scalar(value), UriKind.Absolute, out var uri) ? uri.Host : HostOf(Scalar(value));
                    break;
                default: Ignore(config, "reporter." + key, JaegerReporterIgnored, key); break;
            }
        }
    }

    private static TracerConfig ParseJson(string path, string text)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(StripHashComments(text), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ConfigException($"tracer configuration '{path}': {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException($"tracer configuration '{path}': expected a JSON object");
        }

        var datadog = root.TryGetProperty("agent_host", out _) || root.TryGetProperty("agent_port", out _) || root.TryGetProperty("service", out _);
        var config = new TracerConfig { Path = path, Kind = datadog ? TracerConfigKind.Datadog : TracerConfigKind.Zipkin };
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (datadog, property.Name)
            {
                case (false, "service_name"): config.ServiceName = JsonText(value); break;
                case (false, "collector_host"): config.CollectorHost = JsonText(value); break;
                case (false, "collector_port"): config.ZipkinPort = Port(config, property.Name, JsonText(value)); break;
                case (true, "service"): config.ServiceName = JsonText(value); break;
                case (true, "agent_host"): config.CollectorHost = JsonText(value); break;
                // The Datadog agent's native intake port (8126); its OTLP intake uses the standard ports instead.
                case (true, "agent_port"): Port(config, property.Name, JsonText(value)); break;
                case (true, "environment"): config.ResourceAttributes["deployment.environment.name"] = JsonText(value); break;
                case (true, "version"): config.ResourceAttributes["service.version"] = JsonText(value); break;
                case (_, "sample_rate"):
                    config.Sampler = SamplerKind.TraceIdRatio;
                    config.SamplerArgument = Math.Clamp(Number(config, property.Name, JsonText(value)) ?? 1.0, 0, 1);
                    break;
                default: Ignore(config, property.Name, datadog ? DatadogIgnored : ZipkinIgnored); break;
            }
        }

        return config;
    }

    /// <summary>The seed's cfg-dd.json carries <c>#</c> comment lines, which no JSON reader accepts.</summary>
    private static string StripHashComments(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            // Blank instead of removed, so parser positions still match the file's lines.
            builder.Append(line.TrimStart().StartsWith('#') ? string.Empty : line).Append('\n');
        }

        return builder.ToString();
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            yield break;
        }

        foreach (var (key, value) in mapping.Children)
        {
            yield return (key is YamlScalarNode s ? s.Value ?? string.Empty : key.ToString(), value);
        }
    }

    private static string Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value ?? string.Empty : node.ToString();

    private static string JsonText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();

    private static double? Number(TracerConfig config, string key, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        config.Warnings.Add($"{config.Path}: '{key}' is not a number ('{text}'), ignored");
        return null;
    }

    private static int? Port(TracerConfig config, string key, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        throw new ConfigException($"tracer configuration '{config.Path}': invalid port in '{key}': '{text}'");
    }

    private static string HostOf(string hostPort)
    {
        // "[::1]:6831", "localhost:6831", "host".
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            return close > 0 ? hostPort[1..close] : hostPort;
        }

        var colon = hostPort.LastIndexOf(':');
        return colon > 0 && hostPort.IndexOf(':') == colon ? hostPort[..colon] : hostPort;
    }

    private static void Ignore(TracerConfig config, string key, HashSet<string> known, string? shortKey = null) =>
        config.Warnings.Add(known.Contains(shortKey ?? key)
            ? $"{config.Path}: '{key}' has no equivalent here, ignored"
            : $"{config.Path}: unknown key '{key}', ignored");
}
