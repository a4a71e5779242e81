namespace SpoaOpenTracing.Spop;

/// <summary>
/// Lets one log line through per second and counts the ones it holds back, so that a flood of bad messages
/// (one per HTTP request) cannot flood the log too. Shared by the SPOP server and the tracing engine.
/// </summary>
internal sealed class LogLimiter
{
    private const long IntervalMs = 1000;
    private long _nextAllowed;
    private int _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> = lines held back since the last one.</summary>
    public bool TryEnter(out int suppressed)
    {
        var now = Environment.TickCount64;
        var next = Volatile.Read(ref _nextAllowed);
        if (now >= next && Interlocked.CompareExchange(ref _nextAllowed, now + IntervalMs, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
