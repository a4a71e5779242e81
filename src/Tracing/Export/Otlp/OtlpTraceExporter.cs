using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export.Otlp;

/// <summary>
/// OTLP over any transport: each batch is encoded into the exporter's one reusable buffer and handed to the
/// transport, which retries as the OTLP spec says. <c>headroom</c> is the number of bytes the transport wants in
/// front of the protobuf message in the same array (gRPC's 5-byte message header, written in place instead of
/// copying the body): the transport then receives them as the first bytes of its body.
/// </summary>
internal sealed class OtlpTraceExporter : ISpanExporter
{
    private readonly IExportTransport _transport;
    private readonly ExportResource _resource;
    private readonly int _headroom;
    private readonly OtlpTraceEncoder _encoder = new();
    private volatile bool _shutdown;

    public OtlpTraceExporter(IExportTransport transport, ExportResource resource, int headroom = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headroom);
        _transport = transport;
        _resource = resource;
        _headroom = headroom;
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

        return _transport.Send(_encoder.Encode(batch, _resource, _headroom));
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
