using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Tracing.Export.Console;
using SpoaOpenTracing.Tracing.Export.Otlp;
using SpoaOpenTracing.Tracing.Export.Transport;
using SpoaOpenTracing.Tracing.Export.Zipkin;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>Builds the span pipeline from <see cref="TracingOptions"/>: the exporter for <see cref="TracingOptions.Exporter"/>
/// (encoder and transport), behind the bounded batch queue.</summary>
internal static class ExporterFactory
{
    public static SpanPipeline Build(TracingOptions options, ExportResource resource, ISpanListener? listener, TracingMetrics metrics, ILogger logger)
    {
        TracingLog.ExporterConfigured(logger, options.Exporter, DescribeEndpoint(options), options.ServiceName);
        // Enough idle records for a full queue and the spans open meanwhile; more would only hold memory.
        var pool = new SpanPool(options.MaxExportQueueSize + options.MaxExportBatchSize);
        var exporter = CreateExporter(options, resource, metrics);
        var processor = exporter is null ? null : new BatchSpanProcessor(exporter, pool, options, metrics, logger);
        return new SpanPipeline(pool, listener, processor);
    }

    /// <summary>The URL OTLP requests go to: gRPC takes the base as is, HTTP appends the traces path to a base.</summary>
    public static Uri ResolveOtlpEndpoint(TracingOptions options) => options.OtlpProtocol == OtlpProtocol.Grpc
        ? options.Endpoint ?? TransportFactory.DefaultOtlpGrpcEndpoint
        : TransportFactory.OtlpHttpUrl(options);

    private static ISpanExporter? CreateExporter(TracingOptions options, ExportResource resource, TracingMetrics metrics) => options.Exporter switch
    {
        ExporterKind.Otlp => EncodingExporter.Otlp(TransportFactory.CreateOtlp(options, metrics.Transport), resource),
        ExporterKind.Zipkin => EncodingExporter.Zipkin(TransportFactory.CreateZipkin(options, metrics.Transport), resource),
        ExporterKind.Console => new ConsoleTreeExporter(options.ConsoleOutput, resource),
        _ => null,
    };

    private static string DescribeEndpoint(TracingOptions options) => options.Exporter switch
    {
        ExporterKind.Otlp => ResolveOtlpEndpoint(options).AbsoluteUri,
        ExporterKind.Zipkin => (options.Endpoint ?? TransportFactory.DefaultZipkinEndpoint).AbsoluteUri,
        ExporterKind.Console => "stdout",
        _ => "none",
    };
}
