namespace SpoaOpenTracing.Syslog;

/// <summary>Receives every well-formed message of a <see cref="SyslogListener"/>.</summary>
public interface ISyslogHandler
{
    /// <summary>
    /// Called on the receive loop (one loop for UDP and Unix, one per TCP connection), so it must be thread-safe and
    /// must not block: a slow handler makes the kernel drop datagrams. The spans of <paramref name="message"/> are only
    /// valid during the call. An exception is counted and logged; the input goes on with the next message.
    /// </summary>
    void HandleMessage(in SyslogMessage message);
}
