using SpoaOpenTracing.Tracing.Sampling;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>The <c>OTEL_TRACES_SAMPLER</c> spellings of <see cref="SamplerKind"/>.</summary>
internal static class SamplerNames
{
    public const string Expected =
        "one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio";

    public static bool TryParse(string name, out SamplerKind kind)
    {
        switch (name.Trim().ToLowerInvariant())
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

    public static string Format(SamplerKind kind) => kind switch
    {
        SamplerKind.AlwaysOn => "always_on",
        SamplerKind.AlwaysOff => "always_off",
        SamplerKind.TraceIdRatio => "traceidratio",
        SamplerKind.ParentBasedAlwaysOn => "parentbased_always_on",
        SamplerKind.ParentBasedAlwaysOff => "parentbased_always_off",
        SamplerKind.ParentBasedTraceIdRatio => "parentbased_traceidratio",
        _ => kind.ToString(),
    };
}
