namespace SpoaOpenTracing.Spop;

/// <summary>
/// DISCONNECT status codes, identical in HAProxy 2.6 and 3.x. Codes of our own must be 100 or more:
/// HAProxy 2.6 crashes on 14..98 in reply to its health check.
/// </summary>
public enum SpopStatus : uint
{
    Normal = 0,
    IOError = 1,
    Timeout = 2,
    FrameTooBig = 3,
    InvalidFrame = 4,
    NoVersion = 5,
    NoMaxFrameSize = 6,
    NoCapabilities = 7,
    UnsupportedVersion = 8,
    BadMaxFrameSize = 9,
    FragmentationNotSupported = 10,
    InvalidInterlacedFrames = 11,
    FrameIdNotFound = 12,
    ResourceAllocation = 13,
    Unknown = 99,
}

internal static class SpopStatusText
{
    /// <summary>HAProxy's own text for a status code, as it prints it in its logs.</summary>
    public static string Of(SpopStatus status) => status switch
    {
        SpopStatus.Normal => "normal",
        SpopStatus.IOError => "I/O error",
        SpopStatus.Timeout => "a timeout occurred",
        SpopStatus.FrameTooBig => "frame is too big",
        SpopStatus.InvalidFrame => "invalid frame received",
        SpopStatus.NoVersion => "version value not found",
        SpopStatus.NoMaxFrameSize => "max-frame-size value not found",
        SpopStatus.NoCapabilities => "capabilities value not found",
        SpopStatus.UnsupportedVersion => "unsupported version",
        SpopStatus.BadMaxFrameSize => "max-frame-size too big or too small",
        SpopStatus.FragmentationNotSupported => "fragmentation not supported",
        SpopStatus.InvalidInterlacedFrames => "invalid interlaced frames",
        SpopStatus.FrameIdNotFound => "frame-id not found",
        SpopStatus.ResourceAllocation => "resource allocation error",
        _ => "an unknown error occurred",
    };
}
