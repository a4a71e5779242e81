using SpoaOpenTracing.Tracing.Sampling;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>What a seed tracer configuration file says, reduced to what an OpenTelemetry exporter can use.</summary>
internal sealed class TracerConfig
{
    public required string Path { get; init; }

    public required TracerConfigKind Kind { get; init; }

    public string? ServiceName { get; set; }

    /// <summary>The collector or agent host; the port depends on the exporter finally chosen.</summary>
    public string? CollectorHost { get; set; }

    /// <summary>Zipkin's <c>collector_port</c> (the other formats' ports belong to protocols we do not speak).</summary>
    public int? ZipkinPort { get; set; }

    public SamplerKind? Sampler { get; set; }

    public double? SamplerArgument { get; set; }

    public double? RateLimitPerSecond { get; set; }

    public Dictionary<string, string> ResourceAttributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys that were ignored, and why; logged as warnings, never fatal.</summary>
    public List<string> Warnings { get; } = [];
}
