using System.Diagnostics;
using OpenTelemetry;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>Counts ended spans without keeping them: a million fuzz inputs must not be held in memory.</summary>
internal sealed class CountingProcessor : BaseProcessor<Activity>
{
    private long _ended;

    public long Ended => Volatile.Read(ref _ended);

    public override void OnEnd(Activity data) => Interlocked.Increment(ref _ended);
}
