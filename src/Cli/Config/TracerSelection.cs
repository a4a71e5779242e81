using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>The exporter a <c>-T</c> value names, with the line that tells the user what it became.</summary>
internal sealed record TracerSelection(ExporterKind Exporter, OtlpProtocol? Protocol, string? Notice)
{
    /// <summary>Maps an exporter name, or one of the seed's OpenTracing plugin file names, to an exporter.</summary>
    /// <exception cref="ConfigException">For anything else (the seed could not load such a plugin either).</exception>
    public static TracerSelection Resolve(string value)
    {
        switch (value.ToLowerInvariant())
        {
            case "otlp": return new(ExporterKind.Otlp, null, null);
            case "otlp-grpc": return new(ExporterKind.Otlp, OtlpProtocol.Grpc, null);
            case "otlp-http": return new(ExporterKind.Otlp, OtlpProtocol.HttpProtobuf, null);
            case "zipkin": return new(ExporterKind.Zipkin, null, null);
            case "console": return new(ExporterKind.Console, null, null);
            case "none": return new(ExporterKind.None, null, null);
        }

        var file = Path.GetFileName(value).ToLowerInvariant();
        if (file.StartsWith("libjaegertracing_plugin", StringComparison.Ordinal) || file.StartsWith("libjaeger_opentracing_plugin", StringComparison.Ordinal))
        {
            return new(ExporterKind.Otlp, null, $"OpenTracing plugin '{value}' replaced by the OTLP exporter (Jaeger 1.35+ ingests OTLP on 4317/4318)");
        }

        if (file.StartsWith("libzipkin_opentracing_plugin", StringComparison.Ordinal))
        {
            return new(ExporterKind.Zipkin, null, $"OpenTracing plugin '{value}' replaced by the Zipkin exporter");
        }

        if (file.StartsWith("libdd_opentracing_plugin", StringComparison.Ordinal))
        {
            return new(ExporterKind.Otlp, null, $"OpenTracing plugin '{value}' replaced by the OTLP exporter to the Datadog agent (OTLP intake 4317/4318)");
        }

        if (file.StartsWith("liblightstep", StringComparison.Ordinal))
        {
            return new(ExporterKind.Otlp, null, $"OpenTracing plugin '{value}' replaced by the OTLP exporter");
        }

        throw new ConfigException($"unknown tracer '{value}' (use otlp, otlp-grpc, otlp-http, zipkin, console, none or a known plugin file name)");
    }
}
