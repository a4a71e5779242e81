namespace SpoaOpenTracing.Tracing.Sampling;

/// <summary>
/// The decision taken once per trace, when its first span would be created. Same results as the SDK's
/// <c>AlwaysOnSampler</c>, <c>AlwaysOffSampler</c>, <c>TraceIdRatioBasedSampler</c> and <c>ParentBasedSampler</c>
/// (remote parent: sampled flag decides), computed on the id's numbers so that a sampled-out trace allocates nothing
/// (the SDK samplers want an <c>ActivityTraceId</c>, which holds a string). A trace the sampler keeps must then pass
/// the rate limiter, if one is set.
/// </summary>
internal sealed class TraceSampler
{
    private readonly SamplerKind _kind;
    private readonly long _idUpperBound;
    private readonly RateLimiter? _limiter;

    public TraceSampler(SamplerKind kind, double ratio, double ratePerSecond, TimeProvider time)
    {
        _kind = kind;
        // The SDK's bound: the first 8 bytes of the trace id, as a non-negative big-endian long, must be below it.
        _idUpperBound = ratio <= 0 ? long.MinValue : ratio >= 1 ? long.MaxValue : (long)(ratio * long.MaxValue);
        _limiter = ratePerSecond > 0 ? new RateLimiter(ratePerSecond, time) : null;
    }

    /// <summary>The sampler's own decision, before the rate limiter.</summary>
    public bool Decide(bool hasParent, bool parentSampled, ulong traceIdHigh)
    {
        if (hasParent && _kind is SamplerKind.ParentBasedAlwaysOn or SamplerKind.ParentBasedAlwaysOff or SamplerKind.ParentBasedTraceIdRatio)
        {
            return parentSampled;
        }

        return _kind switch
        {
            SamplerKind.AlwaysOn or SamplerKind.ParentBasedAlwaysOn => true,
            SamplerKind.AlwaysOff or SamplerKind.ParentBasedAlwaysOff => false,
            _ => RatioKeeps(traceIdHigh),
        };
    }

    /// <summary>False when the rate limiter refuses a trace the sampler kept (it used up no token otherwise).</summary>
    public bool Admit() => _limiter?.TryAcquire() ?? true;

    private bool RatioKeeps(ulong traceIdHigh)
    {
        // The SDK (1.20.1) reads the first 8 bytes big-endian without their sign bit; checked against it in the tests.
        return (long)(traceIdHigh & long.MaxValue) < _idUpperBound;
    }
}
