using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>
/// Where ended spans go: first to the listener, if any (tests, a host's own sink), then to the batch queue, which owns
/// them from there; with neither, nothing records spans at all. Records come from, and go back to, one pool sized
/// to the queue.
/// </summary>
internal sealed class SpanPipeline : IDisposable
{
    private readonly SpanPool _pool;
    private readonly ISpanListener? _listener;
    private readonly BatchSpanProcessor? _processor;

    public SpanPipeline(SpanPool pool, ISpanListener? listener, BatchSpanProcessor? processor)
    {
        _pool = pool;
        _listener = listener;
        _processor = processor;
    }

    public bool IsRecording => _listener is not null || _processor is not null;

    public long QueueDepth => _processor?.QueueDepth ?? 0;

    public SpanRecord Rent() => _pool.Rent();

    public void End(SpanRecord span)
    {
        _listener?.OnEnd(span);
        if (_processor is not null)
        {
            _processor.Enqueue(span);
        }
        else
        {
            _pool.Return(span);
        }
    }

    public bool ForceFlush(TimeSpan timeout) => _processor?.ForceFlush(timeout) ?? true;

    public bool Shutdown(TimeSpan timeout) => _processor?.Shutdown(timeout) ?? true;

    public void Dispose() => _processor?.Dispose();
}
