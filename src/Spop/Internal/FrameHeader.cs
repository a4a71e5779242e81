namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// The fixed part of a frame:
/// <code>
/// [LENGTH: uint32 BE][TYPE: 1 byte][FLAGS: uint32 BE][STREAM-ID: varint][FRAME-ID: varint][PAYLOAD]
/// </code>
/// <see cref="Length"/> counts everything after itself, as HAProxy compares it with max-frame-size.
/// Stream and frame ids are opaque: HAProxy 2.6 uses stream-id 0, 3.x a new odd id per NOTIFY.
/// </summary>
internal readonly record struct FrameHeader(uint Length, FrameType Type, FrameFlags Flags, ulong StreamId, ulong FrameId)
{
    public bool IsFin => (Flags & FrameFlags.Fin) != 0;

    public bool IsAbort => (Flags & FrameFlags.Abort) != 0;
}
