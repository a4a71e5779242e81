using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export.Zipkin;

/// <summary>
/// Zipkin v2 JSON export: each batch encoded by <see cref="ZipkinJsonEncoder"/> into its reused buffer and handed to
/// the transport (an HTTP POST to <c>/api/v2/spans</c>). The local endpoint's addresses are looked up on the first
/// export, as the SDK does, so that DNS never delays startup.
/// </summary>
internal sealed class ZipkinExporter : ISpanExporter
{
    private readonly ExportResource _resource;
    private readonly IExportTransport _transport;
    private ZipkinJsonEncoder? _encoder;
    private bool _shutdown;
    private bool _disposed;

    public ZipkinExporter(ExportResource resource, IExportTransport transport)
    {
        _resource = resource;
        _transport = transport;
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

        _encoder ??= new ZipkinJsonEncoder(ZipkinLocalEndpoint.Resolve(_resource.ServiceName), _resource.ScopeName, _resource.ScopeVersion);
        return _transport.Send(_encoder.Encode(batch));
    }

    /// <summary>Nothing is held between exports.</summary>
    public bool ForceFlush(TimeSpan timeout) => true;

    public bool Shutdown(TimeSpan timeout)
    {
        _shutdown = true;
        Dispose();
        return true;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transport.Dispose();
        }
    }
}
