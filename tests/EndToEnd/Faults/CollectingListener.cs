using System.Collections.Concurrent;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Keeps a copy of the spans an engine ends, in order.</summary>
internal sealed class CollectingListener : ISpanListener
{
    private readonly ConcurrentQueue<SpanRecord> _ended = new();

    public IReadOnlyList<SpanRecord> Ended => [.. _ended];

    public void OnEnd(SpanRecord span) => _ended.Enqueue(span.Clone());
}
