namespace SpoaOpenTracing.Spop.Internal;

/// <summary>The FLAGS field of a frame: a big-endian 32-bit value; reserved bits are sent as 0 and ignored.</summary>
[Flags]
internal enum FrameFlags : uint
{
    None = 0,

    /// <summary>Last (or only) fragment of a payload. Every frame the agent sends carries it.</summary>
    Fin = 1,

    /// <summary>Abandon the payload being reassembled; always together with <see cref="Fin"/>.</summary>
    Abort = 2,
}
