using System.Collections.Concurrent;

namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>
/// Reuses span records: rented by the connection loops that start spans, returned by the export thread once a batch
/// is encoded (or at once when a span is dropped). Holds at most <see cref="Capacity"/> idle records, so a burst
/// leaves no more memory behind than the export queue could hold anyway.
/// </summary>
internal sealed class SpanPool
{
    private readonly ConcurrentQueue<SpanRecord> _idle = new();
    private int _idleCount;

    public SpanPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public SpanRecord Rent()
    {
        if (_idle.TryDequeue(out var span))
        {
            Interlocked.Decrement(ref _idleCount);
            return span;
        }

        return new SpanRecord();
    }

    public void Return(SpanRecord span)
    {
        span.Reset();
        if (Interlocked.Increment(ref _idleCount) > Capacity)
        {
            Interlocked.Decrement(ref _idleCount);
            return;
        }

        _idle.Enqueue(span);
    }
}
