using System.Diagnostics;

namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>A shared schedule for the rate-limited mode: message n is due at start + n / rate.</summary>
internal sealed class Pacer
{
    private readonly double _ticksPerMessage;
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _scheduled;

    public Pacer(double messagesPerSecond)
    {
        _ticksPerMessage = Stopwatch.Frequency / messagesPerSecond;
    }

    /// <summary>Books <paramref name="messages"/> and returns how long to wait before sending them (zero when due).</summary>
    public TimeSpan Reserve(int messages)
    {
        var n = Interlocked.Add(ref _scheduled, messages);
        var due = _start + (long)(n * _ticksPerMessage);
        var wait = due - Stopwatch.GetTimestamp();
        return wait > 0 ? TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency) : TimeSpan.Zero;
    }
}
