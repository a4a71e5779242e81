namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>How a TCP peer delimits its frames, decided by its first byte.</summary>
internal enum StreamFraming : byte
{
    Undetected,

    /// <summary>RFC 6587 section 3.4.1, <c>MSG-LEN SP SYSLOG-MSG</c>: a ring's <c>server ... log-proto octet-count</c>.</summary>
    OctetCounting,

    /// <summary>RFC 6587 section 3.4.2, one message per LF-terminated line: a ring's <c>server</c> by default
    /// (<c>log-proto legacy</c>).</summary>
    LineFeed,
}
