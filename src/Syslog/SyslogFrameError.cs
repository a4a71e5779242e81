namespace SpoaOpenTracing.Syslog;

/// <summary>Why a frame was skipped (<see cref="SyslogInputMetrics.BadFrames"/> counts each).</summary>
public enum SyslogFrameError
{
    /// <summary>Empty, or a priority or RFC 5424 header that does not parse.</summary>
    BadHeader,

    /// <summary>Longer than <see cref="SyslogListenerOptions.MaxMessageBytes"/>: skipped whole, the input goes on.</summary>
    Oversized,

    /// <summary>TCP bytes that are no frame at all (a length that is no number, a first byte neither a digit nor
    /// <c>&lt;</c>): the connection is closed.</summary>
    BadFraming,

    /// <summary>A TCP connection closed in the middle of a frame.</summary>
    Truncated,
}
