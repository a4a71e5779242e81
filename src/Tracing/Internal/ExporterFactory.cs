using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Builds the TracerProvider from <see cref="TracingOptions"/>. Every exporter setting is passed explicitly: the
/// SDK's option classes read <c>OTEL_*</c> variables in their constructors, and our layered options must win.
/// </summary>
internal static class ExporterFactory
{
    public static readonly Uri DefaultOtlpGrpcEndpoint = new("http://localhost:4317");
    public static readonly Uri DefaultOtlpHttpEndpoint = new("http://localhost:4318");
    public static readonly Uri DefaultZipkinEndpoint = new("http://localhost:9411/api/v2/spans");

    /// <summary>What the SDK's OTLP client reads for a custom CA and mTLS (OpenTelemetry 1.20.1).</summary>
    private static readonly string[] CertificateVariables =
        ["OTEL_EXPORTER_OTLP_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_KEY"];

    /// <summary>The provider, or null when nothing would receive spans (exporter None and no extra processor).</summary>
    public static TracerProvider? Build(
        TracingOptions options,
        ActivitySource source,
        TracingMetrics metrics,
        ILogger logger,
        BaseProcessor<Activity>? additionalProcessor,
        out BoundedBatchExportProcessor? batchProcessor)
    {
        batchProcessor = null;
        var exporter = CreateExporter(options);
        TracingLog.ExporterConfigured(logger, options.Exporter, DescribeEndpoint(options), options.ServiceName);
        if (exporter is null && additionalProcessor is null)
        {
            return null;
        }

        var processors = new List<BaseProcessor<Activity>>(2);
        if (exporter is not null)
        {
            batchProcessor = new BoundedBatchExportProcessor(exporter, options, metrics, logger);
            processors.Add(batchProcessor);
        }

        if (additionalProcessor is not null)
        {
            processors.Add(additionalProcessor);
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            // Explicit, so OTEL_TRACES_SAMPLER cannot silently drop spans: the engine samples when a trace starts.
            .SetSampler(new AlwaysOnSampler())
            .SetResourceBuilder(CreateResource(options))
            .AddProcessor(new OwnSourceProcessor(source, processors));
        return builder.Build();
    }

    /// <summary>An empty builder (no environment detector): service.name and our attributes only, plus telemetry.sdk.*.</summary>
    public static ResourceBuilder CreateResource(TracingOptions options)
    {
        var attributes = options.ResourceAttributes
            .Where(static a => a.Key != "service.name")
            .Select(static a => new KeyValuePair<string, object>(a.Key, a.Value));
        return ResourceBuilder.CreateEmpty()
            .AddTelemetrySdk()
            .AddAttributes(attributes)
            .AddService(options.ServiceName);
    }

    /// <summary>The URL OTLP requests go to: gRPC takes the base as is, HTTP appends the traces path to a base.</summary>
    public static Uri ResolveOtlpEndpoint(TracingOptions options)
    {
        if (options.OtlpProtocol == OtlpProtocol.Grpc)
        {
            return options.Endpoint ?? DefaultOtlpGrpcEndpoint;
        }

        if (options.Endpoint is { } endpoint && options.EndpointIsTracesUrl)
        {
            return endpoint;
        }

        var baseUri = (options.Endpoint ?? DefaultOtlpHttpEndpoint).AbsoluteUri.TrimEnd('/');
        return new Uri(baseUri + "/v1/traces");
    }

    private static BaseExporter<Activity>? CreateExporter(TracingOptions options) => options.Exporter switch
    {
        ExporterKind.Otlp => CreateOtlp(options),
        ExporterKind.Zipkin => CreateZipkin(options),
        ExporterKind.Console => new ConsoleTreeExporter(Console.Out),
        _ => null,
    };

    private static OtlpTraceExporter CreateOtlp(TracingOptions options)
    {
        var otlp = new OtlpExporterOptions
        {
            Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            Endpoint = ResolveOtlpEndpoint(options),
            Headers = options.Headers,
            TimeoutMilliseconds = (int)options.ExportTimeout.TotalMilliseconds,
        };
        if (UsesExportHttpClient(options.OtlpProtocol, Environment.GetEnvironmentVariable))
        {
            otlp.HttpClientFactory = () => ExportHttpClient.Create(options.ExportTimeout);
        }

        return new OtlpTraceExporter(otlp);
    }

    /// <summary>Whether OTLP sends with <see cref="ExportHttpClient"/>. gRPC needs HTTP/2, which the SDK sends
    /// asynchronously, and a custom CA or client certificate is set up by the SDK's own client: both keep that.</summary>
    internal static bool UsesExportHttpClient(OtlpProtocol protocol, Func<string, string?> variable) =>
        protocol != OtlpProtocol.Grpc && !CertificateVariables.Any(name => !string.IsNullOrEmpty(variable(name)));

    private static BaseExporter<Activity> CreateZipkin(TracingOptions options)
    {
        // OpenTelemetry 1.20.1 marks the Zipkin exporter obsolete, but Zipkin has no OTLP intake and the seed
        // supported Zipkin: we keep it until a replacement exists (design.md, "Exporters").
#pragma warning disable CS0618
        var zipkin = new ZipkinExporterOptions { Endpoint = options.Endpoint ?? DefaultZipkinEndpoint };
        return new ZipkinExporter(zipkin, ExportHttpClient.Create(options.ExportTimeout));
#pragma warning restore CS0618
    }

    private static string DescribeEndpoint(TracingOptions options) => options.Exporter switch
    {
        ExporterKind.Otlp => ResolveOtlpEndpoint(options).AbsoluteUri,
        ExporterKind.Zipkin => (options.Endpoint ?? DefaultZipkinEndpoint).AbsoluteUri,
        ExporterKind.Console => "stdout",
        _ => "none",
    };
}
