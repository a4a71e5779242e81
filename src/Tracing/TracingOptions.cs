namespace SpoaOpenTracing.Tracing;

/// <summary>
/// Everything the tracing engine needs. The program fills it in layers (command line over the <c>-C</c> tracer
/// config over <c>OTEL_*</c> variables over these defaults); <see cref="Sources"/> says where each value came from.
/// </summary>
public sealed class TracingOptions
{
    public string ServiceName { get; set; } = "spoa-opentracing";

    public ExporterKind Exporter { get; set; } = ExporterKind.Otlp;

    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Collector address: OTLP base endpoint, or the full Zipkin URL. Null = the exporter's default.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Extra headers for OTLP requests, as in <c>OTEL_EXPORTER_OTLP_HEADERS</c> (<c>k=v,k2=v2</c>).</summary>
    public string? Headers { get; set; }

    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Resource attributes as in <c>OTEL_RESOURCE_ATTRIBUTES</c>.</summary>
    public IDictionary<string, string> ResourceAttributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public int MaxExportQueueSize { get; set; } = 2048;

    public int MaxExportBatchSize { get; set; } = 512;

    public TimeSpan ScheduledExportDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The reason text put on spans ended by the reaper (the seed's <c>-o</c>, <c>--ot-timeout-msg</c>).</summary>
    public string TimeoutMessage { get; set; } = "connection timeout";

    /// <summary>A trace with no message for this long is reaped.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxOpenTraces { get; set; } = 100_000;

    public int MaxSpansPerTrace { get; set; } = 64;

    /// <summary>Sampler name as in <c>OTEL_TRACES_SAMPLER</c>: <c>always_on</c>, <c>always_off</c>, <c>traceidratio</c>,
    /// <c>parentbased_always_on</c>, <c>parentbased_traceidratio</c>.</summary>
    public string Sampler { get; set; } = "parentbased_always_on";

    /// <summary>The sampler's argument (<c>OTEL_TRACES_SAMPLER_ARG</c>): the ratio for the <c>traceidratio</c> samplers.</summary>
    public double SamplerArgument { get; set; } = 1.0;

    /// <summary>At most this many new traces per second (the seed's <c>-R</c>, Jaeger's ratelimiting sampler); 0 = no limit.</summary>
    public double RateLimitPerSecond { get; set; }

    /// <summary>Where each setting came from (name → "default", "env OTEL_…", "-C file", "command line"), for <c>--check</c>.</summary>
    public IDictionary<string, string> Sources { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
