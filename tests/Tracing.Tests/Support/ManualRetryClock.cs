using SpoaOpenTracing.Tracing.Export.Transport;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>A retry clock that only moves when the policy sleeps, recording each sleep.</summary>
internal sealed class ManualRetryClock : RetryClock
{
    private TimeSpan _now = TimeSpan.FromHours(1);

    public List<TimeSpan> Sleeps { get; } = new();

    public override TimeSpan Now => _now;

    public override DateTimeOffset UtcNow => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + _now;

    public override void Sleep(TimeSpan delay)
    {
        Sleeps.Add(delay);
        _now += delay;
    }

    public void Advance(TimeSpan by) => _now += by;
}
