namespace SpoaOpenTracing.Tracing.Sampling;

/// <summary>The <c>OTEL_TRACES_SAMPLER</c> spellings of <see cref="SamplerKind"/>.</summary>
public static class SamplerNames
{
    public const string Default = "parentbased_always_on";

    public static bool TryParse(string? name, out SamplerKind kind)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "always_on": kind = SamplerKind.AlwaysOn; return true;
            case "always_off": kind = SamplerKind.AlwaysOff; return true;
            case "traceidratio": kind = SamplerKind.TraceIdRatio; return true;
            case "parentbased_always_on": kind = SamplerKind.ParentBasedAlwaysOn; return true;
            case "parentbased_always_off": kind = SamplerKind.ParentBasedAlwaysOff; return true;
            case "parentbased_traceidratio": kind = SamplerKind.ParentBasedTraceIdRatio; return true;
            default: kind = default; return false;
        }
    }
}
