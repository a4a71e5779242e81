using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>
/// Builds <see cref="TracingOptions"/> in layers, each overwriting the one before: defaults, then <c>OTEL_*</c>
/// variables, then the <c>-C</c> file, then the command line. Every setting's source lands in
/// <see cref="TracingOptions.Sources"/>.
/// </summary>
internal static class TracingConfiguration
{
    public const int OtlpGrpcPort = 4317;
    public const int OtlpHttpPort = 4318;
    public const int ZipkinPort = 9411;

    /// <exception cref="ConfigException">An <c>OTEL_*</c> value is unusable, the <c>-C</c> file cannot be read, or the <c>-T</c> tracer is unknown.</exception>
    public static TracingOptions Build(AgentOptions cli, IDictionary<string, string?> environment, List<string> notices)
    {
        var options = new TracingOptions();
        foreach (var setting in TracingSources.Settings)
        {
            options.Sources[setting] = TracingSources.Default;
        }

        try
        {
            options.ApplyEnvironment(environment);
        }
        catch (TracingConfigurationException e)
        {
            throw new ConfigException(e.Message, e);
        }

        var file = cli.TracerConfig is null ? null : TracerConfigReader.Read(cli.TracerConfig);
        if (file is not null)
        {
            ApplyFile(options, file);
            notices.AddRange(file.Warnings);
        }

        if (cli.TracerPlugin is not null)
        {
            var selection = TracerSelection.Resolve(cli.TracerPlugin);
            if (selection.Notice is not null)
            {
                notices.Add(selection.Notice);
            }

            Set(options, "Exporter", TracingSources.CommandLine, () => options.Exporter = selection.Exporter);
            if (selection.Protocol is { } protocol)
            {
                Set(options, "OtlpProtocol", TracingSources.CommandLine, () => options.OtlpProtocol = protocol);
            }
        }

        // The file names a host only: its port follows the exporter finally chosen (which -T may have changed).
        if (file?.CollectorHost is { Length: > 0 } host && options.Exporter is ExporterKind.Otlp or ExporterKind.Zipkin)
        {
            Set(options, "Endpoint", TracingSources.File(file.Path), () =>
            {
                options.Endpoint = CollectorEndpoint(options, host, file.ZipkinPort);
                options.EndpointIsTracesUrl = options.Exporter == ExporterKind.Zipkin;
            });
        }

        if (cli.TimeoutMessage is not null)
        {
            Set(options, "TimeoutMessage", TracingSources.CommandLine, () => options.TimeoutMessage = cli.TimeoutMessage);
        }

        if (cli.IdleTimeout is { } idle)
        {
            Set(options, "IdleTimeout", TracingSources.CommandLine, () => options.IdleTimeout = TimeValue.ToTimeSpan(idle));
        }

        if (cli.MaxTraces is { } maxTraces)
        {
            Set(options, "MaxOpenTraces", TracingSources.CommandLine, () => options.MaxOpenTraces = maxTraces);
        }

        if (cli.MaxSpansPerTrace is { } maxSpans)
        {
            Set(options, "MaxSpansPerTrace", TracingSources.CommandLine, () => options.MaxSpansPerTrace = maxSpans);
        }

        if (cli.RateLimit is { } rate)
        {
            Set(options, "RateLimitPerSecond", TracingSources.CommandLine, () => options.RateLimitPerSecond = rate);
        }

        if (cli.RequireContext)
        {
            Set(options, "RequireContext", TracingSources.CommandLine, () => options.RequireContext = true);
        }

        return options;
    }

    private static void ApplyFile(TracingOptions options, TracerConfig file)
    {
        var source = TracingSources.File(file.Path);
        Set(options, "Exporter", source, () => options.Exporter = file.Kind == TracerConfigKind.Zipkin ? ExporterKind.Zipkin : ExporterKind.Otlp);
        if (file.ServiceName is { Length: > 0 } name)
        {
            Set(options, "ServiceName", source, () => options.ServiceName = name);
        }

        if (file.Sampler is { } sampler)
        {
            Set(options, "Sampler", source, () => options.Sampler = sampler);
        }

        if (file.SamplerArgument is { } argument)
        {
            Set(options, "SamplerArgument", source, () => options.SamplerArgument = argument);
        }

        if (file.RateLimitPerSecond is { } rate)
        {
            Set(options, "RateLimitPerSecond", source, () => options.RateLimitPerSecond = rate);
        }

        if (file.ResourceAttributes.Count > 0)
        {
            Set(options, "ResourceAttributes", source, () =>
            {
                foreach (var (key, value) in file.ResourceAttributes)
                {
                    options.ResourceAttributes[key] = value;
                }
            });
        }
    }

    private static Uri CollectorEndpoint(TracingOptions options, string host, int? zipkinPort)
    {
        var builder = options.Exporter == ExporterKind.Zipkin
            ? new UriBuilder("http", host, zipkinPort ?? ZipkinPort, "/api/v2/spans")
            : new UriBuilder("http", host, options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpGrpcPort : OtlpHttpPort);
        return builder.Uri;
    }

    private static void Set(TracingOptions options, string setting, string source, Action apply)
    {
        apply();
        options.Sources[setting] = source;
    }
}
