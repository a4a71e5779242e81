using System.Diagnostics.Metrics;

namespace SpoaOpenTracing.Tracing;

/// <summary>
/// The engine's instruments in the <see cref="MeterName"/> meter: observable views over the counters, read at
/// collection time, so nothing is counted twice and nothing costs while no listener collects.
/// </summary>
public sealed partial class TracingMetrics : IDisposable
{
    /// <summary>The <see cref="Meter"/> name of the instruments an engine publishes.</summary>
    public const string MeterName = "SpoaOpenTracing.Tracing";

    private readonly Meter _meter = new(MeterName);

    internal TracingMetrics()
    {
        var meter = _meter;
        meter.CreateObservableCounter("tracing.messages", () => Measurements(
            ("handled", MessagesHandled), ("refused", MessageErrors)), "{message}",
            "opentracing messages seen, and those refused as a whole");
        meter.CreateObservableCounter("tracing.arguments.refused", () => ArgumentErrors, "{argument}", "Single arguments refused");
        meter.CreateObservableCounter("tracing.invalid_references", () => InvalidReferences, "{reference}",
            "References to spans that are not open");
        meter.CreateObservableCounter("tracing.spans", () => Measurements(
            ("started", SpansStarted), ("finished", SpansFinished), ("reaped", SpansReaped),
            ("dropped", SpansDropped)), "{span}", "Spans started, finished, ended by the reaper, and not created because of a cap");
        meter.CreateObservableCounter("tracing.traces", () => Measurements(
            ("started", TracesStarted), ("reaped", TracesReaped), ("refused", TracesRefused)), "{trace}",
            "Traces started, reaped when idle, and refused because --max-traces were open");
        meter.CreateObservableUpDownCounter("tracing.traces.open", () => OpenTraces, "{trace}", "Traces open now");
        meter.CreateObservableUpDownCounter("tracing.spans.open", () => OpenSpans, "{span}", "Spans open now");
        meter.CreateObservableUpDownCounter("tracing.export.queue", () => ExportQueueDepth, "{span}", "Finished spans waiting for export");
        meter.CreateObservableCounter("tracing.export.spans", () => Measurements(
            ("exported", Exported), ("failed", ExportFailed), ("queue_full", ExportDropped)), "{span}",
            "Spans handed to the exporter, in batches it failed, and dropped because the export queue was full");
        meter.CreateObservableCounter("tracing.export.requests", () => Measurements(
            [("succeeded", ExportRequests), ("retried", ExportRetries),
             .. ExportRequestFailures.Select(f => (f.Key, f.Value))]), "{request}",
            "Export requests accepted by the collector, sent again after a retryable answer, and given up by reason");
        meter.CreateObservableCounter("tracing.span_items.dropped", () => Measurements(
            ("attribute", AttributesDropped), ("event", EventsDropped)), "{item}",
            "Tags and baggage (attributes) and logs (events) dropped because a span reached its cap");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Measurements(params IEnumerable<(string Kind, long Value)> values) =>
        values.Select(v => new Measurement<long>(v.Value, new KeyValuePair<string, object?>("kind", v.Kind)));
}
