using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Sampling;

namespace SpoaOpenTracing.Tracing;

/// <summary>
/// Everything the tracing engine needs, as typed values: the engine reads no environment and parses no text. The
/// program fills it from its own settings (its command line, config file and <c>OTEL_*</c> variables).
/// </summary>
public sealed class TracingOptions
{
    public string ServiceName { get; set; } = "spoa-opentracing";

    public ExporterKind Exporter { get; set; } = ExporterKind.Otlp;

    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Collector address: OTLP base endpoint, or the full Zipkin URL. Null = the exporter's default.</summary>
    /// <remarks>
    /// For OTLP over HTTP a base endpoint gets <c>/v1/traces</c> appended, unless
    /// <see cref="EndpointIsTracesUrl"/> says it is already the full traces URL.
    /// </remarks>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// True when <see cref="Endpoint"/> is the complete OTLP traces URL (as <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>
    /// is) and must be used as is. Whoever sets <see cref="Endpoint"/> sets this too.
    /// </summary>
    public bool EndpointIsTracesUrl { get; set; }

    /// <summary>Extra headers for OTLP requests, in order (<c>OTEL_EXPORTER_OTLP_HEADERS</c>, decoded).</summary>
    public IList<KeyValuePair<string, string>> Headers { get; } = [];

    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Body compression of OTLP requests (<c>OTEL_EXPORTER_OTLP_COMPRESSION</c>: <c>gzip</c> or <c>none</c>).</summary>
    public ExportCompression Compression { get; set; } = ExportCompression.None;

    /// <summary>PEM file of the CA certificates that the collector's TLS certificate must chain to
    /// (<c>OTEL_EXPORTER_OTLP_CERTIFICATE</c>); null = the system's trust store.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM file of the client certificate for mTLS (<c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c>); needs
    /// <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file of the client certificate's private key (<c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c>).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Resource attributes as in <c>OTEL_RESOURCE_ATTRIBUTES</c>.</summary>
    public IDictionary<string, string> ResourceAttributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public int MaxExportQueueSize { get; set; } = 2048;

    public int MaxExportBatchSize { get; set; } = 512;

    public TimeSpan ScheduledExportDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a flush or shutdown waits for the batch queue to drain (<c>OTEL_BSP_EXPORT_TIMEOUT</c>).</summary>
    public TimeSpan BatchExportTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The reason text put on spans ended by the reaper (the seed's <c>-o</c>, <c>--ot-timeout-msg</c>).</summary>
    public string TimeoutMessage { get; set; } = "connection timeout";

    /// <summary>A trace with no message for this long is reaped.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxOpenTraces { get; set; } = 100_000;

    /// <summary>Open spans one trace may hold; a message that would create more is refused.</summary>
    public int MaxSpansPerTrace { get; set; } = 64;

    /// <summary>The sampler of <c>OTEL_TRACES_SAMPLER</c>.</summary>
    public SamplerKind Sampler { get; set; } = SamplerKind.ParentBasedAlwaysOn;

    /// <summary>The ratio of the <c>traceidratio</c> samplers (<c>OTEL_TRACES_SAMPLER_ARG</c>), in [0, 1].</summary>
    public double SamplerArgument { get; set; } = 1.0;

    /// <summary>At most this many new traces per second (the seed's <c>-R</c>, Jaeger's ratelimiting sampler); 0 = no limit.</summary>
    public double RateLimitPerSecond { get; set; }

    /// <summary>The context formats read from and written to messages (<c>OTEL_PROPAGATORS</c>; default <c>tracecontext,baggage</c>).</summary>
    public Propagators Propagators { get; set; } = PropagatorList.Default;

    /// <summary>Start no trace without a valid incoming context (for an inner hop that must never originate traces);
    /// a message can ask for it alone with <c>require-context=bool(true)</c>.</summary>
    public bool RequireContext { get; set; }

    /// <summary>Attributes (tags and inherited baggage) one span may carry; further ones are dropped and counted.</summary>
    public int MaxAttributesPerSpan { get; set; } = 128;

    /// <summary>Events (logs) one span may carry; further ones are dropped and counted.</summary>
    public int MaxEventsPerSpan { get; set; } = 128;

    /// <summary>Links one span may carry (<c>OTEL_SPAN_LINK_COUNT_LIMIT</c>); further ones are dropped and counted.</summary>
    public int MaxLinksPerSpan { get; set; } = 128;

    /// <summary>Attributes one event may carry (<c>OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT</c>).</summary>
    public int MaxAttributesPerEvent { get; set; } = 128;

    /// <summary>Attributes one link may carry (<c>OTEL_LINK_ATTRIBUTE_COUNT_LIMIT</c>).</summary>
    public int MaxAttributesPerLink { get; set; } = 128;

    /// <summary>
    /// Longest string attribute value (tags, baggage, log values), in characters; longer ones are cut. Null = no limit
    /// (the OpenTelemetry default). Set by <c>OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT</c> or
    /// <c>OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT</c>; applied by the engine itself, so it holds for every exporter (the .NET
    /// SDK's span limits belong to its OTLP exporter only).
    /// </summary>
    public int? AttributeValueLengthLimit { get; set; }

    /// <summary>Where the console exporter prints its trees (standard output unless a host gives its own writer).</summary>
    public TextWriter ConsoleOutput { get; set; } = Console.Out;

    /// <summary>Checks the values together; the engine calls it before it builds anything.</summary>
    /// <exception cref="TracingConfigurationException">A value is out of range; the message names the setting.</exception>
    public void Validate()
    {
        Positive(MaxExportQueueSize, nameof(MaxExportQueueSize));
        Positive(MaxExportBatchSize, nameof(MaxExportBatchSize));
        Positive(MaxOpenTraces, nameof(MaxOpenTraces));
        Positive(MaxSpansPerTrace, nameof(MaxSpansPerTrace));
        Positive(MaxAttributesPerSpan, nameof(MaxAttributesPerSpan));
        Positive(MaxEventsPerSpan, nameof(MaxEventsPerSpan));
        Positive(MaxLinksPerSpan, nameof(MaxLinksPerSpan));
        Positive(MaxAttributesPerEvent, nameof(MaxAttributesPerEvent));
        Positive(MaxAttributesPerLink, nameof(MaxAttributesPerLink));
        ExistingFile(CertificateFile, nameof(CertificateFile));
        ExistingFile(ClientCertificateFile, nameof(ClientCertificateFile));
        ExistingFile(ClientKeyFile, nameof(ClientKeyFile));
        if ((ClientCertificateFile is null) != (ClientKeyFile is null))
        {
            var missing = ClientCertificateFile is null ? nameof(ClientCertificateFile) : nameof(ClientKeyFile);
            throw new TracingConfigurationException(missing,
                $"{nameof(ClientCertificateFile)} and {nameof(ClientKeyFile)} go together (mTLS): {missing} is not set");
        }

        if (AttributeValueLengthLimit is { } limit)
        {
            Positive(limit, nameof(AttributeValueLengthLimit));
        }

        if (MaxExportBatchSize > MaxExportQueueSize)
        {
            throw new TracingConfigurationException(nameof(MaxExportBatchSize),
                $"{nameof(MaxExportBatchSize)} ({MaxExportBatchSize}) must not exceed {nameof(MaxExportQueueSize)} ({MaxExportQueueSize})");
        }

        PositiveTime(ScheduledExportDelay, nameof(ScheduledExportDelay));
        PositiveTime(ExportTimeout, nameof(ExportTimeout));
        PositiveTime(BatchExportTimeout, nameof(BatchExportTimeout));
        PositiveTime(IdleTimeout, nameof(IdleTimeout));
        if (!Enum.IsDefined(Sampler))
        {
            throw new TracingConfigurationException(nameof(Sampler), $"{nameof(Sampler)} {(int)Sampler} is not a {nameof(SamplerKind)}");
        }

        if (!(SamplerArgument is >= 0 and <= 1))
        {
            throw new TracingConfigurationException(nameof(SamplerArgument), $"{nameof(SamplerArgument)} must be a ratio in [0, 1] (got {SamplerArgument})");
        }

        if (!(RateLimitPerSecond >= 0) || double.IsInfinity(RateLimitPerSecond))
        {
            throw new TracingConfigurationException(nameof(RateLimitPerSecond), $"{nameof(RateLimitPerSecond)} must be 0 (no limit) or positive (got {RateLimitPerSecond})");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new TracingConfigurationException(nameof(ServiceName), $"{nameof(ServiceName)} must not be empty");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new TracingConfigurationException(name, $"{name} must be positive (got {value})");
        }
    }

    private static void ExistingFile(string? path, string name)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new TracingConfigurationException(name, $"{name} '{path}' does not exist");
        }
    }

    private static void PositiveTime(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            throw new TracingConfigurationException(name, $"{name} must be between 1 ms and {int.MaxValue} ms (got {value})");
        }
    }
}
