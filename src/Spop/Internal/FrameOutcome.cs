namespace SpoaOpenTracing.Spop.Internal;

/// <summary>What the connection loop does after one frame.</summary>
internal enum FrameOutcome
{
    Continue,

    /// <summary>A NOTIFY waits for the processing delay; the loop hands it to a background task.</summary>
    Deferred,

    /// <summary>The health-check HELLO was answered: flush and close.</summary>
    HealthCheckDone,

    /// <summary>HAProxy said goodbye: answer AGENT-DISCONNECT 0 and close.</summary>
    PeerDisconnect,
}
