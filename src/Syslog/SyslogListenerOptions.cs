namespace SpoaOpenTracing.Syslog;

/// <summary>Limits of a <see cref="SyslogListener"/>.</summary>
public sealed class SyslogListenerOptions
{
    /// <summary>The largest frame accepted (header included); longer ones are counted <see cref="SyslogFrameError.Oversized"/>
    /// and skipped. HAProxy's own default is 1024 (<c>log ... len</c>, a ring's <c>maxlen</c>).</summary>
    public int MaxMessageBytes { get; set; } = 65536;

    /// <summary>SO_RCVBUF for the UDP and Unix sockets (the kernel may double or cap it); null keeps the system's default.
    /// A larger buffer absorbs longer bursts before <see cref="SyslogInputMetrics.ReceiveBufferDrops"/> grows.</summary>
    public int? ReceiveBufferBytes { get; set; }

    /// <summary>TCP connections open at once; one more is accepted and closed at once (counted).</summary>
    public int MaxConnections { get; set; } = 64;
}
