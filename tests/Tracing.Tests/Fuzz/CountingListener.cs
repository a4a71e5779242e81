using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Tests.Fuzz;

/// <summary>Counts ended spans without keeping them: a million fuzz inputs must not be held in memory.</summary>
internal sealed class CountingListener : ISpanListener
{
    private long _ended;

    public long Ended => Volatile.Read(ref _ended);

    public void OnEnd(SpanRecord span) => Interlocked.Increment(ref _ended);
}
