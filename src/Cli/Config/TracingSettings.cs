using System.Globalization;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Propagation;
using static SpoaOpenTracing.Cli.Config.TracingSetting;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>
/// Every tracing setting once: its <c>OTEL_*</c> variables, its <c>-C</c> file and command-line sources, its parser
/// and how <c>--check</c> shows it. Rows apply in this order within a layer (the exporter before its endpoint) and
/// <c>--check</c> prints them in it.
/// </summary>
internal static class TracingSettings
{
    public const int OtlpGrpcPort = 4317;
    public const int OtlpHttpPort = 4318;
    public const int ZipkinPort = 9411;

    private const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    private const string ResourceAttributesVariable = "OTEL_RESOURCE_ATTRIBUTES";
    private const string ZipkinEndpointVariable = "OTEL_EXPORTER_ZIPKIN_ENDPOINT";
    private const string OtlpTracesEndpointVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string AttributeCountLimit = "OTEL_ATTRIBUTE_COUNT_LIMIT";

    public static readonly TracingSetting[] All =
    [
        new()
        {
            Name = nameof(TracingOptions.ServiceName),
            // The spec lets OTEL_SERVICE_NAME win; without it, a service.name resource attribute names the service.
            Variables = [ServiceNameVariable, ResourceAttributesVariable],
            FromVariable = (o, variable, text) => variable == ServiceNameVariable
                ? Set(() => o.ServiceName = text)
                : SettingText.KeyValueList(variable, text).LastOrDefault(a => a.Key == "service.name") is { Key: not null } named
                    && Set(() => o.ServiceName = named.Value),
            FromFile = (i, o) => Apply(i.File!.ServiceName is { Length: > 0 } name ? name : null, o, (o, v) => o.ServiceName = v),
            Show = o => o.ServiceName,
        },
        new()
        {
            Name = nameof(TracingOptions.Exporter),
            Variables = ["OTEL_TRACES_EXPORTER"],
            FromVariable = Parsed(SettingText.Exporter, (o, v) => o.Exporter = v),
            FromFile = (i, o) => Set(() => o.Exporter = FileExporter(i.File!)),
            Option = "ot-tracer-plugin",
            FromCommandLine = (i, o) => Apply(i.Selection?.Exporter, o, (o, v) => o.Exporter = v),
            Show = o => o.Exporter,
        },
        new()
        {
            Name = nameof(TracingOptions.OtlpProtocol),
            Variables = ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"],
            FromVariable = Parsed(SettingText.Protocol, (o, v) => o.OtlpProtocol = v),
            Option = "ot-tracer-plugin",
            FromCommandLine = (i, o) => Apply(i.Selection?.Protocol, o, (o, v) => o.OtlpProtocol = v),
            Show = o => o.OtlpProtocol,
        },
        new()
        {
            Name = nameof(TracingOptions.Endpoint),
            // One endpoint serves the exporter chosen when the variables are read (OTEL_TRACES_EXPORTER or the default).
            Variables = [ZipkinEndpointVariable, OtlpTracesEndpointVariable, OtlpEndpointVariable],
            FromVariable = (o, variable, text) => (variable == ZipkinEndpointVariable) == (o.Exporter == ExporterKind.Zipkin)
                && Set(() =>
                {
                    o.Endpoint = SettingText.AbsoluteUri(variable, text);
                    o.EndpointIsTracesUrl = variable != OtlpEndpointVariable;
                }),
            FromFile = FileEndpoint,
            Show = o => o.Endpoint?.ToString() ?? "exporter default",
        },
        new()
        {
            Name = nameof(TracingOptions.Headers),
            Variables = ["OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"],
            FromVariable = Parsed(SettingText.KeyValueList, (o, v) =>
            {
                o.Headers.Clear();
                foreach (var header in v)
                {
                    o.Headers.Add(header);
                }
            }),
            Show = o => o.Headers.Count == 0 ? "none" : "(set)",
        },
        new()
        {
            Name = nameof(TracingOptions.ExportTimeout),
            Variables = ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"],
            FromVariable = Parsed(SettingText.Milliseconds, (o, v) => o.ExportTimeout = v),
            Show = o => TimeValue.Format(o.ExportTimeout),
        },
        new()
        {
            Name = nameof(TracingOptions.Compression),
            Variables = ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"],
            FromVariable = Parsed(SettingText.Compression, (o, v) => o.Compression = v),
            Show = o => o.Compression,
        },
        // Existence of the files is checked by Validate, which also sees paths set by hand.
        new()
        {
            Name = nameof(TracingOptions.CertificateFile),
            Variables = ["OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE"],
            FromVariable = Parsed(SettingText.Text, (o, v) => o.CertificateFile = v),
            Show = o => o.CertificateFile ?? "system trust store",
        },
        new()
        {
            Name = nameof(TracingOptions.ClientCertificateFile),
            Variables = ["OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"],
            FromVariable = Parsed(SettingText.Text, (o, v) => o.ClientCertificateFile = v),
            Show = o => o.ClientCertificateFile ?? "none",
        },
        new()
        {
            Name = nameof(TracingOptions.ClientKeyFile),
            Variables = ["OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY"],
            FromVariable = Parsed(SettingText.Text, (o, v) => o.ClientKeyFile = v),
            Show = o => o.ClientKeyFile ?? "none",
        },
        new()
        {
            Name = nameof(TracingOptions.ResourceAttributes),
            Variables = [ResourceAttributesVariable],
            FromVariable = Parsed(SettingText.KeyValueList, (o, v) => AddAttributes(o, v)),
            FromFile = (i, o) => i.File!.ResourceAttributes.Count > 0 && Set(() => AddAttributes(o, i.File.ResourceAttributes)),
            Show = o => string.Join(",", o.ResourceAttributes.Select(kv => kv.Key + "=" + kv.Value)),
        },
        new()
        {
            Name = nameof(TracingOptions.Sampler),
            Variables = ["OTEL_TRACES_SAMPLER"],
            FromVariable = Parsed(SettingText.Sampler, (o, v) => o.Sampler = v),
            FromFile = (i, o) => Apply(i.File!.Sampler, o, (o, v) => o.Sampler = v),
            Show = o => SamplerNames.Format(o.Sampler),
        },
        new()
        {
            Name = nameof(TracingOptions.SamplerArgument),
            Variables = ["OTEL_TRACES_SAMPLER_ARG"],
            FromVariable = Parsed(SettingText.Ratio, (o, v) => o.SamplerArgument = v),
            FromFile = (i, o) => Apply(i.File!.SamplerArgument, o, (o, v) => o.SamplerArgument = v),
            Show = o => o.SamplerArgument.ToString(CultureInfo.InvariantCulture),
        },
        new()
        {
            Name = nameof(TracingOptions.RateLimitPerSecond),
            FromFile = (i, o) => Apply(i.File!.RateLimitPerSecond, o, (o, v) => o.RateLimitPerSecond = v),
            Option = "ot-rate-limit",
            FromCommandLine = (i, o) => Apply(i.CommandLine.RateLimit, o, (o, v) => o.RateLimitPerSecond = v),
            Show = o => o.RateLimitPerSecond.ToString(CultureInfo.InvariantCulture),
        },
        new()
        {
            Name = nameof(TracingOptions.Propagators),
            Variables = ["OTEL_PROPAGATORS"],
            FromVariable = Parsed(SettingText.PropagatorSet, (o, v) => o.Propagators = v),
            Show = o => PropagatorList.Format(o.Propagators),
        },
        new()
        {
            Name = nameof(TracingOptions.RequireContext),
            Option = "require-context",
            FromCommandLine = (i, o) => i.CommandLine.RequireContext && Set(() => o.RequireContext = true),
            Show = o => o.RequireContext,
        },
        new()
        {
            Name = nameof(TracingOptions.MaxExportQueueSize),
            Variables = ["OTEL_BSP_MAX_QUEUE_SIZE"],
            FromVariable = Parsed(SettingText.PositiveInt, (o, v) => o.MaxExportQueueSize = v),
            Show = o => o.MaxExportQueueSize,
        },
        new()
        {
            Name = nameof(TracingOptions.MaxExportBatchSize),
            Variables = ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"],
            FromVariable = Parsed(SettingText.PositiveInt, (o, v) => o.MaxExportBatchSize = v),
            Show = o => o.MaxExportBatchSize,
        },
        new()
        {
            Name = nameof(TracingOptions.ScheduledExportDelay),
            Variables = ["OTEL_BSP_SCHEDULE_DELAY"],
            FromVariable = Parsed(SettingText.Milliseconds, (o, v) => o.ScheduledExportDelay = v),
            Show = o => TimeValue.Format(o.ScheduledExportDelay),
        },
        new()
        {
            Name = nameof(TracingOptions.BatchExportTimeout),
            Variables = ["OTEL_BSP_EXPORT_TIMEOUT"],
            FromVariable = Parsed(SettingText.Milliseconds, (o, v) => o.BatchExportTimeout = v),
            Show = o => TimeValue.Format(o.BatchExportTimeout),
        },
        new()
        {
            Name = nameof(TracingOptions.TimeoutMessage),
            Option = "ot-timeout-msg",
            FromCommandLine = (i, o) => Apply(i.CommandLine.TimeoutMessage, o, (o, v) => o.TimeoutMessage = v),
            Show = o => "\"" + o.TimeoutMessage + "\"",
        },
        new()
        {
            Name = nameof(TracingOptions.IdleTimeout),
            Option = "idle-timeout",
            FromCommandLine = (i, o) => Apply(i.CommandLine.IdleTimeout, o, (o, v) => o.IdleTimeout = TimeValue.ToTimeSpan(v)),
            Show = o => TimeValue.Format(o.IdleTimeout),
        },
        new()
        {
            Name = nameof(TracingOptions.MaxOpenTraces),
            Option = "max-traces",
            FromCommandLine = (i, o) => Apply(i.CommandLine.MaxTraces, o, (o, v) => o.MaxOpenTraces = v),
            Show = o => o.MaxOpenTraces,
        },
        new()
        {
            Name = nameof(TracingOptions.MaxSpansPerTrace),
            Option = "max-spans-per-trace",
            FromCommandLine = (i, o) => Apply(i.CommandLine.MaxSpansPerTrace, o, (o, v) => o.MaxSpansPerTrace = v),
            Show = o => o.MaxSpansPerTrace,
        },
        // The general OTEL_ATTRIBUTE_COUNT_LIMIT stands in for every attribute count left unset (the spec's attribute limits).
        CountLimit(nameof(TracingOptions.MaxAttributesPerSpan), ["OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", AttributeCountLimit],
            o => o.MaxAttributesPerSpan, (o, v) => o.MaxAttributesPerSpan = v),
        CountLimit(nameof(TracingOptions.MaxEventsPerSpan), ["OTEL_SPAN_EVENT_COUNT_LIMIT"],
            o => o.MaxEventsPerSpan, (o, v) => o.MaxEventsPerSpan = v),
        CountLimit(nameof(TracingOptions.MaxLinksPerSpan), ["OTEL_SPAN_LINK_COUNT_LIMIT"],
            o => o.MaxLinksPerSpan, (o, v) => o.MaxLinksPerSpan = v),
        CountLimit(nameof(TracingOptions.MaxAttributesPerEvent), ["OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", AttributeCountLimit],
            o => o.MaxAttributesPerEvent, (o, v) => o.MaxAttributesPerEvent = v),
        CountLimit(nameof(TracingOptions.MaxAttributesPerLink), ["OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", AttributeCountLimit],
            o => o.MaxAttributesPerLink, (o, v) => o.MaxAttributesPerLink = v),
        new()
        {
            Name = nameof(TracingOptions.AttributeValueLengthLimit),
            Variables = ["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"],
            FromVariable = Parsed(SettingText.PositiveInt, (o, v) => o.AttributeValueLengthLimit = v),
            Show = o => o.AttributeValueLengthLimit?.ToString(CultureInfo.InvariantCulture) ?? "none",
        },
    ];

    private static TracingSetting CountLimit(string name, string[] variables, Func<TracingOptions, int> get, Action<TracingOptions, int> set) => new()
    {
        Name = name,
        Variables = variables,
        FromVariable = Parsed(SettingText.PositiveInt, set),
        Show = o => get(o),
    };

    private static bool Set(Action apply)
    {
        apply();
        return true;
    }

    private static ExporterKind FileExporter(TracerConfig file) => file.Kind == TracerConfigKind.Zipkin ? ExporterKind.Zipkin : ExporterKind.Otlp;

    private static void AddAttributes(TracingOptions options, IEnumerable<KeyValuePair<string, string>> attributes)
    {
        foreach (var (key, value) in attributes)
        {
            options.ResourceAttributes[key] = value;
        }
    }

    /// <summary>The file names a host only: its port follows the exporter finally chosen, which <c>-T</c> may change.</summary>
    private static bool FileEndpoint(SettingInputs inputs, TracingOptions options)
    {
        var file = inputs.File!;
        var exporter = inputs.Selection?.Exporter ?? FileExporter(file);
        if (file.CollectorHost is not { Length: > 0 } host || exporter is not (ExporterKind.Otlp or ExporterKind.Zipkin))
        {
            return false;
        }

        var protocol = inputs.Selection?.Protocol ?? options.OtlpProtocol;
        var builder = exporter == ExporterKind.Zipkin
            ? new UriBuilder("http", host, file.ZipkinPort ?? ZipkinPort, "/api/v2/spans")
            : new UriBuilder("http", host, protocol == OtlpProtocol.Grpc ? OtlpGrpcPort : OtlpHttpPort);
        options.Endpoint = builder.Uri;
        options.EndpointIsTracesUrl = exporter == ExporterKind.Zipkin;
        return true;
    }
}
