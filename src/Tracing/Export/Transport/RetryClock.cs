using System.Diagnostics;

namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>The time the retry policy reads and waits on; tests pass one that moves only when told.</summary>
internal abstract class RetryClock
{
    public static RetryClock System { get; } = new SystemClock();

    /// <summary>Monotonic time, for deadlines.</summary>
    public abstract TimeSpan Now { get; }

    /// <summary>Wall-clock time, for an HTTP-date <c>Retry-After</c>.</summary>
    public abstract DateTimeOffset UtcNow { get; }

    public abstract void Sleep(TimeSpan delay);

    private sealed class SystemClock : RetryClock
    {
        public override TimeSpan Now => Stopwatch.GetElapsedTime(0);

        public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public override void Sleep(TimeSpan delay) => Thread.Sleep(delay);
    }
}
