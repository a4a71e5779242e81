using System.Diagnostics.Metrics;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Metrics;

/// <summary>
/// The SPOP server's counters as observable instruments, read at collection time (the tracing engine publishes its
/// own, in <see cref="Tracing.TracingMetrics.MeterName"/>).
/// </summary>
internal sealed class AgentMeter : IDisposable
{
    public const string MeterName = "SpoaOpenTracing.Agent";

    private static readonly SpopStatus[] s_statuses = Enum.GetValues<SpopStatus>();

    private readonly Meter _meter = new(MeterName);

    public AgentMeter(SpopServerMetrics spop)
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

    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Measurements(params IEnumerable<(string Kind, long Value)> values) =>
        values.Select(v => new Measurement<long>(v.Value, new KeyValuePair<string, object?>("kind", v.Kind)));

    private static IEnumerable<Measurement<long>> ProtocolErrors(SpopServerMetrics spop) =>
        s_statuses.Select(s => new Measurement<long>(spop.ProtocolErrorCount(s),
            new KeyValuePair<string, object?>("status", (long)s), new KeyValuePair<string, object?>("reason", SpopStatusText.Of(s))));
}
