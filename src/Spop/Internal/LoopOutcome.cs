namespace SpoaOpenTracing.Spop.Internal;

/// <summary>What the connection loop does after one frame, and why it ended.</summary>
internal enum LoopOutcome
{
    /// <summary>Go on with the next frame.</summary>
    Continue,

    /// <summary>A delayed NOTIFY waits for a free slot (<see cref="SpopServerOptions.MaxConcurrentFrames"/>): flush,
    /// then wait in <see cref="DelayedAcks.StartWaitingAsync"/>.</summary>
    WaitForSlot,

    /// <summary>EOF from the peer.</summary>
    PeerClosed,

    /// <summary>HAProxy said goodbye: answer AGENT-DISCONNECT 0 and close.</summary>
    PeerDisconnect,

    /// <summary>The health-check HELLO was answered: flush and close.</summary>
    HealthCheckDone,

    /// <summary>The server stops gracefully: the delayed ACKs go out, then AGENT-DISCONNECT 0.</summary>
    Stopping,

    HandshakeTimeout,
}
