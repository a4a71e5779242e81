using System.Diagnostics.Metrics;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Metrics;

/// <summary>
/// The agent's own instruments: observable views over <see cref="SpopServerMetrics"/> and <see cref="TracingMetrics"/>,
/// read at collection time (the counters are already kept by the libraries; nothing is counted twice).
/// </summary>
internal sealed class AgentMeter : IDisposable
{
    public const string MeterName = "SpoaOpenTracing.Agent";

    private static readonly SpopStatus[] s_statuses = Enum.GetValues<SpopStatus>();

    private readonly Meter _meter = new(MeterName);

    public AgentMeter(SpopServerMetrics spop, TracingMetrics tracing)
    {
        _meter.CreateObservableUpDownCounter("spop.connections.open", () => spop.ConnectionsOpen, "{connection}", "HAProxy connections open now");
        _meter.CreateObservableCounter("spop.connections", () => Measurements(
            ("accepted", spop.ConnectionsTotal), ("refused", spop.ConnectionsRefused)), "{connection}",
            "Connections accepted, and refused because --max-connections were open");
        _meter.CreateObservableCounter("spop.health_checks", () => spop.HealthChecks, "{check}", "Health-check HELLOs answered");
        _meter.CreateObservableCounter("spop.frames", () => Measurements(
            ("notify", spop.NotifyFrames), ("other", spop.FramesReceived - spop.NotifyFrames)), "{frame}", "Frames received, by type");
        _meter.CreateObservableCounter("spop.messages", () => Measurements(
            ("handled", spop.MessagesHandled), ("handler_error", spop.HandlerErrors)), "{message}",
            "NOTIFY messages given to the handler, and those whose handler failed");
        _meter.CreateObservableCounter("spop.acks", () => Measurements(
            ("sent", spop.AcksSent), ("dropped", spop.AcksDropped)), "{ack}", "ACK frames sent, and dropped because the peer had gone");
        _meter.CreateObservableCounter("spop.actions.dropped", () => spop.ActionsDropped, "{action}", "Actions that did not fit their ACK");
        _meter.CreateObservableCounter("spop.protocol_errors", () => ProtocolErrors(spop), "{connection}",
            "Connections closed with an AGENT-DISCONNECT because of a protocol error, by status");

        _meter.CreateObservableCounter("tracing.messages", () => Measurements(
            ("handled", tracing.MessagesHandled), ("refused", tracing.MessageErrors)), "{message}",
            "opentracing messages seen, and those refused as a whole");
        _meter.CreateObservableCounter("tracing.arguments.refused", () => tracing.ArgumentErrors, "{argument}", "Single arguments refused");
        _meter.CreateObservableCounter("tracing.invalid_references", () => tracing.InvalidReferences, "{reference}",
            "References to spans that are not open");
        _meter.CreateObservableCounter("tracing.spans", () => Measurements(
            ("started", tracing.SpansStarted), ("finished", tracing.SpansFinished), ("reaped", tracing.SpansReaped),
            ("dropped", tracing.SpansDropped)), "{span}", "Spans started, finished, ended by the reaper, and not created because of a cap");
        _meter.CreateObservableCounter("tracing.traces", () => Measurements(
            ("started", tracing.TracesStarted), ("reaped", tracing.TracesReaped), ("refused", tracing.TracesRefused)), "{trace}",
            "Traces started, reaped when idle, and refused because --max-traces were open");
        _meter.CreateObservableUpDownCounter("tracing.traces.open", () => tracing.OpenTraces, "{trace}", "Traces open now");
        _meter.CreateObservableUpDownCounter("tracing.spans.open", () => tracing.OpenSpans, "{span}", "Spans open now");
        _meter.CreateObservableUpDownCounter("tracing.export.queue", () => tracing.ExportQueueDepth, "{span}", "Finished spans waiting for export");
        _meter.CreateObservableCounter("tracing.export.spans", () => Measurements(
            ("exported", tracing.Exported), ("failed", tracing.ExportFailed), ("queue_full", tracing.ExportDropped)), "{span}",
            "Spans handed to the exporter, in batches it failed, and dropped because the export queue was full");
        _meter.CreateObservableCounter("tracing.export.requests", () => Measurements(
            [("succeeded", tracing.ExportRequests), ("retried", tracing.ExportRetries),
             .. tracing.ExportRequestFailures.Select(f => (f.Key, f.Value))]), "{request}",
            "Export requests accepted by the collector, sent again after a retryable answer, and given up by reason");
        _meter.CreateObservableCounter("tracing.span_items.dropped", () => Measurements(
            ("attribute", tracing.AttributesDropped), ("event", tracing.EventsDropped)), "{item}",
            "Tags and baggage (attributes) and logs (events) dropped because a span reached its cap");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Measurements(params IEnumerable<(string Kind, long Value)> values) =>
        values.Select(v => new Measurement<long>(v.Value, new KeyValuePair<string, object?>("kind", v.Kind)));

    private static IEnumerable<Measurement<long>> ProtocolErrors(SpopServerMetrics spop) =>
        s_statuses.Select(s => new Measurement<long>(spop.ProtocolErrorCount(s),
            new KeyValuePair<string, object?>("status", (long)s), new KeyValuePair<string, object?>("reason", SpopStatusText.Of(s))));
}
