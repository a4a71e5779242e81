using SpoaOpenTracing.Tracing.Export.Otlp;
using SpoaOpenTracing.Tracing.Export.Zipkin;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>
/// The exporter of every wire format: each batch is encoded into the encoder's one reusable buffer and handed to the
/// transport, which retries as the OTLP spec says. Nothing is held between exports.
/// </summary>
internal sealed class EncodingExporter : ISpanExporter
{
    private readonly IExportTransport _transport;
    private readonly Func<IBatchEncoder> _createEncoder;
    private IBatchEncoder? _encoder;
    private volatile bool _shutdown;
    private int _disposed;

    /// <param name="createEncoder">Called on the first export: Zipkin's encoder looks up the local endpoint's
    /// addresses then, as the SDK does, so that DNS never delays startup.</param>
    public EncodingExporter(IExportTransport transport, Func<IBatchEncoder> createEncoder)
    {
        _transport = transport;
        _createEncoder = createEncoder;
    }

    public static EncodingExporter Otlp(IExportTransport transport, ExportResource resource) =>
        new(transport, () => new OtlpTraceEncoder(resource));

    public static EncodingExporter Zipkin(IExportTransport transport, ExportResource resource) =>
        new(transport, () => new ZipkinJsonEncoder(ZipkinLocalEndpoint.Resolve(resource.ServiceName), resource.ScopeName, resource.ScopeVersion));

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

        _encoder ??= _createEncoder();
        return _transport.Send(_encoder.Encode(batch));
    }

    /// <summary>Every export is sent before <see cref="Export"/> returns: nothing to flush.</summary>
    public bool ForceFlush(TimeSpan timeout) => true;

    public bool Shutdown(TimeSpan timeout)
    {
        _shutdown = true;
        Dispose();
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _transport.Dispose();
        }
    }
}
