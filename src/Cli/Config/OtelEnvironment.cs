using System.Globalization;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>
/// Applies the <c>OTEL_*</c> variables the agent honours to <see cref="TracingOptions"/>, recording each as the
/// source. Bad values are reported as warnings and skipped, as the OpenTelemetry SDKs do.
/// </summary>
internal static class OtelEnvironment
{
    public static void Apply(TracingOptions options, Func<string, string?> getVariable, List<string> warnings)
    {
        void Set(string setting, string variable, Action<string> apply)
        {
            var value = getVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            try
            {
                apply(value.Trim());
                options.Sources[setting] = TracingSources.Environment(variable);
            }
            catch (FormatException e)
            {
                warnings.Add($"{variable}='{value}' ignored: {e.Message}");
            }
        }

        Set("ResourceAttributes", "OTEL_RESOURCE_ATTRIBUTES", v =>
        {
            foreach (var pair in v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    throw new FormatException($"'{pair}' is not key=value");
                }

                options.ResourceAttributes[Uri.UnescapeDataString(pair[..eq].Trim())] = Uri.UnescapeDataString(pair[(eq + 1)..].Trim());
            }
        });
        if (options.ResourceAttributes.TryGetValue("service.name", out var resourceServiceName))
        {
            options.ServiceName = resourceServiceName;
            options.Sources["ServiceName"] = TracingSources.Environment("OTEL_RESOURCE_ATTRIBUTES");
        }

        Set("ServiceName", "OTEL_SERVICE_NAME", v => options.ServiceName = v);
        Set("Exporter", "OTEL_TRACES_EXPORTER", v => options.Exporter = v.Split(',')[0].Trim().ToLowerInvariant() switch
        {
            "otlp" => ExporterKind.Otlp,
            "zipkin" => ExporterKind.Zipkin,
            "console" => ExporterKind.Console,
            "none" => ExporterKind.None,
            _ => throw new FormatException("expected otlp, zipkin, console or none"),
        });
        Set("OtlpProtocol", "OTEL_EXPORTER_OTLP_PROTOCOL", v => options.OtlpProtocol = Protocol(v));
        Set("OtlpProtocol", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", v => options.OtlpProtocol = Protocol(v));
        if (options.Exporter == ExporterKind.Zipkin)
        {
            Set("Endpoint", "OTEL_EXPORTER_ZIPKIN_ENDPOINT", v => options.Endpoint = Url(v));
        }
        else
        {
            Set("Endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT", v => options.Endpoint = Url(v));
            Set("Endpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", v => options.Endpoint = Url(v));
        }

        Set("Headers", "OTEL_EXPORTER_OTLP_HEADERS", v => options.Headers = v);
        Set("Headers", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", v => options.Headers = v);
        Set("ExportTimeout", "OTEL_EXPORTER_OTLP_TIMEOUT", v => options.ExportTimeout = Milliseconds(v));
        Set("ExportTimeout", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", v => options.ExportTimeout = Milliseconds(v));
        Set("ScheduledExportDelay", "OTEL_BSP_SCHEDULE_DELAY", v => options.ScheduledExportDelay = Milliseconds(v));
        Set("MaxExportQueueSize", "OTEL_BSP_MAX_QUEUE_SIZE", v => options.MaxExportQueueSize = Positive(v));
        Set("MaxExportBatchSize", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", v => options.MaxExportBatchSize = Positive(v));
        Set("Sampler", "OTEL_TRACES_SAMPLER", v => options.Sampler = v.ToLowerInvariant() switch
        {
            "always_on" or "always_off" or "traceidratio" or "parentbased_always_on" or "parentbased_always_off"
                or "parentbased_traceidratio" => v.ToLowerInvariant(),
            _ => throw new FormatException("unsupported sampler"),
        });
        Set("SamplerArgument", "OTEL_TRACES_SAMPLER_ARG", v =>
        {
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1)
            {
                throw new FormatException("expected a ratio in [0, 1]");
            }

            options.SamplerArgument = ratio;
        });
    }

    private static OtlpProtocol Protocol(string value) => value.ToLowerInvariant() switch
    {
        "grpc" => OtlpProtocol.Grpc,
        "http/protobuf" => OtlpProtocol.HttpProtobuf,
        _ => throw new FormatException("expected grpc or http/protobuf"),
    };

    private static Uri Url(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException("expected an http(s) URL");

    private static TimeSpan Milliseconds(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : throw new FormatException("expected milliseconds");

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException("expected a positive integer");
}
