namespace SpoaOpenTracing.Syslog;

/// <summary>How HAProxy's log lines reach a <see cref="SyslogListener"/>.</summary>
public enum SyslogTransport
{
    /// <summary>One datagram per message (<c>log 127.0.0.1:514</c>).</summary>
    Udp,

    /// <summary>A stream of octet-counted (RFC 6587) or LF-terminated frames (a <c>ring</c> section's <c>server</c>).</summary>
    Tcp,

    /// <summary>Unix datagrams (<c>log /path</c>).</summary>
    Unix,
}
