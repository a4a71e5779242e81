using System.Diagnostics.Metrics;

namespace SpoaOpenTracing.Spop;

/// <summary>The counters as observable instruments of the <see cref="MeterName"/> meter: views read at collection time,
/// so nothing is counted twice and nothing costs while no listener collects.</summary>
public sealed partial class SpopServerMetrics
{
    private static readonly SpopStatus[] s_statuses = Enum.GetValues<SpopStatus>();

    private void CreateCounterInstruments()
    {
        var meter = _meter;
        meter.CreateObservableUpDownCounter("spop.connections.open", () => ConnectionsOpen, "{connection}", "HAProxy connections open now");
        meter.CreateObservableCounter("spop.connections", () => Measurements(
            ("accepted", ConnectionsTotal), ("refused", ConnectionsRefused)), "{connection}",
            "Connections accepted, and refused because --max-connections were open");
        meter.CreateObservableCounter("spop.health_checks", () => HealthChecks, "{check}", "Health-check HELLOs answered");
        meter.CreateObservableCounter("spop.frames", () => Measurements(
            ("notify", NotifyFrames), ("other", FramesReceived - NotifyFrames)), "{frame}", "Frames received, by type");
        meter.CreateObservableCounter("spop.messages", () => Measurements(
            ("handled", MessagesHandled), ("handler_error", HandlerErrors)), "{message}",
            "NOTIFY messages given to the handler, and those whose handler failed");
        meter.CreateObservableCounter("spop.acks", () => Measurements(
            ("sent", AcksSent), ("dropped", AcksDropped)), "{ack}", "ACK frames sent, and dropped because the peer had gone");
        meter.CreateObservableCounter("spop.actions.dropped", () => ActionsDropped, "{action}", "Actions that did not fit their ACK");
        meter.CreateObservableCounter("spop.protocol_errors", ProtocolErrors, "{connection}",
            "Connections closed with an AGENT-DISCONNECT because of a protocol error, by status");
    }

    private static IEnumerable<Measurement<long>> Measurements(params (string Kind, long Value)[] values) =>
        values.Select(v => new Measurement<long>(v.Value, new KeyValuePair<string, object?>("kind", v.Kind)));

    private IEnumerable<Measurement<long>> ProtocolErrors() =>
        s_statuses.Select(s => new Measurement<long>(ProtocolErrorCount(s),
            new KeyValuePair<string, object?>("status", (long)s), new KeyValuePair<string, object?>("reason", SpopStatusText.Of(s))));
}
