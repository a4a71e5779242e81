namespace SpoaOpenTracing.Spop.Internal;

/// <summary>The TYPE byte of a frame (SPOE.txt §3.2). No type was added in HAProxy 3.x.</summary>
internal enum FrameType : byte
{
    /// <summary>Continuation fragment of a fragmented NOTIFY (HAProxy 2.x, only when the agent asked for it).</summary>
    Unset = 0,
    HaproxyHello = 1,
    HaproxyDisconnect = 2,
    Notify = 3,
    AgentHello = 101,
    AgentDisconnect = 102,
    Ack = 103,
}
