using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export.Otlp;

/// <summary>
/// OTLP over any transport: each batch is encoded into the exporter's one reusable buffer and handed to the
/// transport, which retries as the OTLP spec says.
/// </summary>
internal sealed class OtlpTraceExporter : ISpanExporter
{
    private readonly IExportTransport _transport;
    private readonly ExportResource _resource;
    private readonly OtlpTraceEncoder _encoder = new();
    private volatile bool _shutdown;

    public OtlpTraceExporter(IExportTransport transport, ExportResource resource)
    {
        _transport = transport;
        _resource = resource;
    }

    public ExportResult Export(ReadOnlySpan<SpanRecord> batch)
    {
        if (_shutdown)
        {
            return ExportResult.Failure;
        }

        if (batch.IsEmpty)
        {
            return ExportResult.Success;
        }

        return _transport.Send(_encoder.Encode(batch, _resource));
    }

    /// <summary>Every export is sent before <see cref="Export"/> returns: nothing is held here.</summary>
    public bool ForceFlush(TimeSpan timeout) => true;

    public bool Shutdown(TimeSpan timeout)
    {
        _shutdown = true;
        return true;
    }

    public void Dispose() => _transport.Dispose();
}
