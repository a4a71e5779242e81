namespace SpoaOpenTracing.Syslog.Internal;

internal enum StreamFrameResult : byte
{
    /// <summary>No complete frame in the buffer: read more.</summary>
    NeedMore,

    /// <summary>A frame was sliced off the buffer.</summary>
    Frame,

    /// <summary>A frame over the size limit: counted once, its bytes skipped as they come.</summary>
    Oversized,

    /// <summary>The bytes are no frame of the connection's framing: close the connection.</summary>
    BadFraming,
}
