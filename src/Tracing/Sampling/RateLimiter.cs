namespace SpoaOpenTracing.Tracing.Sampling;

/// <summary>
/// A token bucket admitting at most <c>rate</c> new traces per second on average, with bursts up to one second's worth
/// (at least one), as Jaeger's rate-limiting sampler does. Read from <see cref="TimeProvider"/> so tests move time by
/// hand. The lock is taken once per new trace, never per message.
/// </summary>
internal sealed class RateLimiter
{
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _capacity;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastTicks;

    public RateLimiter(double perSecond, TimeProvider time)
    {
        _rate = perSecond;
        _capacity = Math.Max(1, perSecond);
        _tokens = _capacity;
        _time = time;
        _lastTicks = time.GetUtcNow().UtcTicks;
    }

    public bool TryAcquire()
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            if (now > _lastTicks)
            {
                _tokens = Math.Min(_capacity, _tokens + (now - _lastTicks) * _rate / TimeSpan.TicksPerSecond);
                _lastTicks = now;
            }

            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
