namespace SpoaOpenTracing.Tracing.Sampling;

/// <summary>The samplers of <c>OTEL_TRACES_SAMPLER</c> that apply to a proxy (no remote or X-Ray samplers).</summary>
public enum SamplerKind
{
    AlwaysOn,
    AlwaysOff,
    TraceIdRatio,
    ParentBasedAlwaysOn,
    ParentBasedAlwaysOff,
    ParentBasedTraceIdRatio,
}
