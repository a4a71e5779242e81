namespace SpoaOpenTracing.Tracing;

/// <summary>How export request bodies are compressed (<c>OTEL_EXPORTER_OTLP_COMPRESSION</c>).</summary>
public enum ExportCompression
{
    None,
    Gzip,
}
