namespace SpoaOpenTracing.Spop;

/// <summary>A copy of <see cref="SpopServerMetrics"/> at one moment (each counter read atomically, not all at once).</summary>
public readonly record struct SpopMetricsSnapshot(
    long ConnectionsOpen,
    long ConnectionsTotal,
    long ConnectionsRefused,
    long HealthChecks,
    long FramesReceived,
    long NotifyFrames,
    long MessagesHandled,
    long HandlerErrors,
    long AcksSent,
    long AcksDropped,
    long ActionsDropped,
    long PayloadCopies,
    long ProtocolErrors);
