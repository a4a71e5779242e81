using System.Globalization;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Sampling;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Reads the <c>OTEL_*</c> variables into <see cref="TracingOptions"/>. We read them ourselves, including the ones the
/// .NET SDK would read too, so that the layering (command line over config file over environment) stays ours: the
/// exporters are then given explicit values and never fall back to the environment behind our back.
/// </summary>
internal static class EnvironmentSettings
{
    public const string ServiceName = "OTEL_SERVICE_NAME";
    public const string ResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES";
    public const string TracesExporter = "OTEL_TRACES_EXPORTER";
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpTracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string OtlpProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string OtlpTracesProtocol = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    public const string OtlpHeaders = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string OtlpTracesHeaders = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
    public const string OtlpTimeout = "OTEL_EXPORTER_OTLP_TIMEOUT";
    public const string OtlpTracesTimeout = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT";
    public const string ZipkinEndpoint = "OTEL_EXPORTER_ZIPKIN_ENDPOINT";
    public const string BspScheduleDelay = "OTEL_BSP_SCHEDULE_DELAY";
    public const string BspMaxQueueSize = "OTEL_BSP_MAX_QUEUE_SIZE";
    public const string BspMaxExportBatchSize = "OTEL_BSP_MAX_EXPORT_BATCH_SIZE";
    public const string BspExportTimeout = "OTEL_BSP_EXPORT_TIMEOUT";
    public const string TracesSampler = "OTEL_TRACES_SAMPLER";
    public const string TracesSamplerArg = "OTEL_TRACES_SAMPLER_ARG";
    public const string PropagatorsVariable = "OTEL_PROPAGATORS";
    public const string AttributeValueLengthLimit = "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT";
    public const string SpanAttributeValueLengthLimit = "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT";
    public const string OtlpCompression = "OTEL_EXPORTER_OTLP_COMPRESSION";
    public const string OtlpTracesCompression = "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION";
    public const string OtlpCertificate = "OTEL_EXPORTER_OTLP_CERTIFICATE";
    public const string OtlpTracesCertificate = "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE";
    public const string OtlpClientCertificate = "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE";
    public const string OtlpTracesClientCertificate = "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE";
    public const string OtlpClientKey = "OTEL_EXPORTER_OTLP_CLIENT_KEY";
    public const string OtlpTracesClientKey = "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY";
    public const string AttributeCountLimit = "OTEL_ATTRIBUTE_COUNT_LIMIT";
    public const string SpanAttributeCountLimit = "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT";
    public const string SpanEventCountLimit = "OTEL_SPAN_EVENT_COUNT_LIMIT";
    public const string SpanLinkCountLimit = "OTEL_SPAN_LINK_COUNT_LIMIT";
    public const string EventAttributeCountLimit = "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT";
    public const string LinkAttributeCountLimit = "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT";

    public static void Apply(TracingOptions options, IDictionary<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(env);

        if (TryGet(env, ResourceAttributes, out var attributes))
        {
            foreach (var (key, value) in ParseKeyValueList(ResourceAttributes, attributes, decode: true))
            {
                options.ResourceAttributes[key] = value;
            }

            options.Sources[nameof(TracingOptions.ResourceAttributes)] = Source(ResourceAttributes);

            // The spec lets OTEL_SERVICE_NAME win; without it, a service.name attribute names the service.
            if (options.ResourceAttributes.TryGetValue("service.name", out var name) && !TryGet(env, ServiceName, out _))
            {
                options.ServiceName = name;
                options.Sources[nameof(TracingOptions.ServiceName)] = Source(ResourceAttributes);
            }
        }

        if (TryGet(env, ServiceName, out var serviceName))
        {
            options.ServiceName = serviceName;
            options.Sources[nameof(TracingOptions.ServiceName)] = Source(ServiceName);
        }

        if (TryGet(env, TracesExporter, out var exporter))
        {
            options.Exporter = exporter.Trim().ToLowerInvariant() switch
            {
                "otlp" => ExporterKind.Otlp,
                "zipkin" => ExporterKind.Zipkin,
                "console" => ExporterKind.Console,
                "none" => ExporterKind.None,
                _ => throw Bad(TracesExporter, exporter, "one of otlp, zipkin, console, none (a single exporter)"),
            };
            options.Sources[nameof(TracingOptions.Exporter)] = Source(TracesExporter);
        }

        ApplyEndpoint(options, env);

        if (TryGetFirst(env, OtlpTracesProtocol, OtlpProtocol, out var protocolVariable, out var protocol))
        {
            options.OtlpProtocol = protocol.Trim().ToLowerInvariant() switch
            {
                "grpc" => Tracing.OtlpProtocol.Grpc,
                "http/protobuf" => Tracing.OtlpProtocol.HttpProtobuf,
                _ => throw Bad(protocolVariable, protocol, "grpc or http/protobuf (http/json is not supported)"),
            };
            options.Sources[nameof(TracingOptions.OtlpProtocol)] = Source(protocolVariable);
        }

        if (TryGetFirst(env, OtlpTracesHeaders, OtlpHeaders, out var headersVariable, out var headers))
        {
            // Validated here so that a typo fails at start-up with the variable's name, not at the first export.
            _ = ParseKeyValueList(headersVariable, headers, decode: true);
            options.Headers = headers;
            options.Sources[nameof(TracingOptions.Headers)] = Source(headersVariable);
        }

        if (TryGetFirst(env, OtlpTracesTimeout, OtlpTimeout, out var timeoutVariable, out var timeout))
        {
            options.ExportTimeout = Milliseconds(timeoutVariable, timeout);
            options.Sources[nameof(TracingOptions.ExportTimeout)] = Source(timeoutVariable);
        }

        if (TryGet(env, BspScheduleDelay, out var delay))
        {
            options.ScheduledExportDelay = Milliseconds(BspScheduleDelay, delay);
            options.Sources[nameof(TracingOptions.ScheduledExportDelay)] = Source(BspScheduleDelay);
        }

        if (TryGet(env, BspExportTimeout, out var bspTimeout))
        {
            options.BatchExportTimeout = Milliseconds(BspExportTimeout, bspTimeout);
            options.Sources[nameof(TracingOptions.BatchExportTimeout)] = Source(BspExportTimeout);
        }

        if (TryGet(env, BspMaxQueueSize, out var queue))
        {
            options.MaxExportQueueSize = PositiveInt(BspMaxQueueSize, queue);
            options.Sources[nameof(TracingOptions.MaxExportQueueSize)] = Source(BspMaxQueueSize);
        }

        if (TryGet(env, TracesSampler, out var sampler))
        {
            if (!SamplerNames.TryParse(sampler, out _))
            {
                throw Bad(TracesSampler, sampler,
                    "one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio");
            }

            options.Sampler = sampler.Trim().ToLowerInvariant();
            options.Sources[nameof(TracingOptions.Sampler)] = Source(TracesSampler);
        }

        if (TryGet(env, TracesSamplerArg, out var samplerArg))
        {
            if (!double.TryParse(samplerArg, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || !(ratio is >= 0 and <= 1))
            {
                throw Bad(TracesSamplerArg, samplerArg, "a ratio in [0, 1]");
            }

            options.SamplerArgument = ratio;
            options.Sources[nameof(TracingOptions.SamplerArgument)] = Source(TracesSamplerArg);
        }

        if (TryGet(env, PropagatorsVariable, out var propagators))
        {
            try
            {
                options.Propagators = PropagatorList.Parse(propagators);
            }
            catch (FormatException e)
            {
                throw new TracingConfigurationException(PropagatorsVariable, $"{PropagatorsVariable}='{propagators}': {e.Message}");
            }

            options.Sources[nameof(TracingOptions.Propagators)] = Source(PropagatorsVariable);
        }

        if (TryGet(env, BspMaxExportBatchSize, out var batch))
        {
            options.MaxExportBatchSize = PositiveInt(BspMaxExportBatchSize, batch);
            options.Sources[nameof(TracingOptions.MaxExportBatchSize)] = Source(BspMaxExportBatchSize);
        }

        if (TryGetFirst(env, SpanAttributeValueLengthLimit, AttributeValueLengthLimit, out var limitVariable, out var limit))
        {
            options.AttributeValueLengthLimit = PositiveInt(limitVariable, limit);
            options.Sources[nameof(TracingOptions.AttributeValueLengthLimit)] = Source(limitVariable);
        }

        ApplyTransport(options, env);
        ApplyCountLimits(options, env);
    }

    private static void ApplyTransport(TracingOptions options, IDictionary<string, string?> env)
    {
        if (TryGetFirst(env, OtlpTracesCompression, OtlpCompression, out var compressionVariable, out var compression))
        {
            options.Compression = compression.ToLowerInvariant() switch
            {
                "gzip" => ExportCompression.Gzip,
                "none" => ExportCompression.None,
                _ => throw Bad(compressionVariable, compression, "gzip or none"),
            };
            options.Sources[nameof(TracingOptions.Compression)] = Source(compressionVariable);
        }

        // Existence is checked by Validate, which also sees paths given by the config file or the command line.
        if (TryGetFirst(env, OtlpTracesCertificate, OtlpCertificate, out var caVariable, out var ca))
        {
            options.CertificateFile = ca;
            options.Sources[nameof(TracingOptions.CertificateFile)] = Source(caVariable);
        }

        if (TryGetFirst(env, OtlpTracesClientCertificate, OtlpClientCertificate, out var certificateVariable, out var certificate))
        {
            options.ClientCertificateFile = certificate;
            options.Sources[nameof(TracingOptions.ClientCertificateFile)] = Source(certificateVariable);
        }

        if (TryGetFirst(env, OtlpTracesClientKey, OtlpClientKey, out var keyVariable, out var key))
        {
            options.ClientKeyFile = key;
            options.Sources[nameof(TracingOptions.ClientKeyFile)] = Source(keyVariable);
        }
    }

    /// <summary>The span limits; the general <c>OTEL_ATTRIBUTE_COUNT_LIMIT</c> stands in for every model-specific
    /// attribute count the environment leaves unset, as the spec's attribute limits say.</summary>
    private static void ApplyCountLimits(TracingOptions options, IDictionary<string, string?> env)
    {
        if (TryGetFirst(env, SpanAttributeCountLimit, AttributeCountLimit, out var spanVariable, out var spanAttributes))
        {
            options.MaxAttributesPerSpan = PositiveInt(spanVariable, spanAttributes);
            options.Sources[nameof(TracingOptions.MaxAttributesPerSpan)] = Source(spanVariable);
        }

        if (TryGet(env, SpanEventCountLimit, out var events))
        {
            options.MaxEventsPerSpan = PositiveInt(SpanEventCountLimit, events);
            options.Sources[nameof(TracingOptions.MaxEventsPerSpan)] = Source(SpanEventCountLimit);
        }

        if (TryGet(env, SpanLinkCountLimit, out var links))
        {
            options.MaxLinksPerSpan = PositiveInt(SpanLinkCountLimit, links);
            options.Sources[nameof(TracingOptions.MaxLinksPerSpan)] = Source(SpanLinkCountLimit);
        }

        if (TryGetFirst(env, EventAttributeCountLimit, AttributeCountLimit, out var eventVariable, out var eventAttributes))
        {
            options.MaxAttributesPerEvent = PositiveInt(eventVariable, eventAttributes);
            options.Sources[nameof(TracingOptions.MaxAttributesPerEvent)] = Source(eventVariable);
        }

        if (TryGetFirst(env, LinkAttributeCountLimit, AttributeCountLimit, out var linkVariable, out var linkAttributes))
        {
            options.MaxAttributesPerLink = PositiveInt(linkVariable, linkAttributes);
            options.Sources[nameof(TracingOptions.MaxAttributesPerLink)] = Source(linkVariable);
        }
    }

    /// <summary>Parses <c>k=v,k2=v2</c> (W3C-baggage-like, values percent-decoded), failing with the variable's name.</summary>
    public static List<KeyValuePair<string, string>> ParseKeyValueList(string variable, string text, bool decode)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=');
            var key = eq > 0 ? item[..eq].Trim() : string.Empty;
            if (key.Length == 0)
            {
                throw Bad(variable, text, "a comma-separated list of key=value");
            }

            var value = item[(eq + 1)..].Trim();
            try
            {
                result.Add(new(key, decode ? Uri.UnescapeDataString(value) : value));
            }
            catch (UriFormatException)
            {
                throw Bad(variable, text, "percent-encoded values");
            }
        }

        return result;
    }

    private static void ApplyEndpoint(TracingOptions options, IDictionary<string, string?> env)
    {
        // One Endpoint serves the exporter that is chosen at this point (OTEL_TRACES_EXPORTER or the default).
        if (options.Exporter == ExporterKind.Zipkin)
        {
            if (TryGet(env, ZipkinEndpoint, out var zipkin))
            {
                options.Endpoint = AbsoluteUri(ZipkinEndpoint, zipkin);
                options.EndpointIsTracesUrl = true;
                options.Sources[nameof(TracingOptions.Endpoint)] = Source(ZipkinEndpoint);
            }

            return;
        }

        if (TryGet(env, OtlpTracesEndpoint, out var traces))
        {
            options.Endpoint = AbsoluteUri(OtlpTracesEndpoint, traces);
            options.EndpointIsTracesUrl = true;
            options.Sources[nameof(TracingOptions.Endpoint)] = Source(OtlpTracesEndpoint);
        }
        else if (TryGet(env, OtlpEndpoint, out var endpoint))
        {
            options.Endpoint = AbsoluteUri(OtlpEndpoint, endpoint);
            options.EndpointIsTracesUrl = false;
            options.Sources[nameof(TracingOptions.Endpoint)] = Source(OtlpEndpoint);
        }
    }

    private static bool TryGet(IDictionary<string, string?> env, string name, out string value)
    {
        if (env.TryGetValue(name, out var raw) && !string.IsNullOrWhiteSpace(raw))
        {
            value = raw.Trim();
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static bool TryGetFirst(IDictionary<string, string?> env, string specific, string general, out string variable, out string value)
    {
        if (TryGet(env, specific, out value))
        {
            variable = specific;
            return true;
        }

        variable = general;
        return TryGet(env, general, out value);
    }

    private static Uri AbsoluteUri(string variable, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        throw Bad(variable, text, "an absolute http:// or https:// URL");
    }

    private static TimeSpan Milliseconds(string variable, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        throw Bad(variable, text, "a positive number of milliseconds");
    }

    private static int PositiveInt(string variable, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return n;
        }

        throw Bad(variable, text, "a positive integer");
    }

    private static string Source(string variable) => "env " + variable;

    private static TracingConfigurationException Bad(string variable, string value, string expected) =>
        new(variable, $"{variable}='{value}': expected {expected}");
}
