using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>The end of the engine benchmarks' span pipeline: sees every span and keeps nothing (the records go back
/// to the pool, as after an export).</summary>
internal sealed class DiscardingListener : ISpanListener
{
    public void OnEnd(SpanRecord span)
    {
    }
}
