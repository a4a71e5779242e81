namespace SpoaOpenTracing.Syslog;

/// <summary>The header a frame carried, as HAProxy's <c>log ... format</c> writes them.</summary>
public enum SyslogFormat
{
    /// <summary><c>&lt;PRI&gt;Mmm dd hh:mm:ss [HOST] TAG[PID]: MSG</c>: <c>rfc3164</c>, and <c>local</c> without the host.</summary>
    Rfc3164,

    /// <summary><c>&lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID SD MSG</c>: <c>rfc5424</c>.</summary>
    Rfc5424,

    /// <summary><c>&lt;PRI&gt;MSG</c>: <c>short</c> (level only) and <c>priority</c> (facility and level).</summary>
    Short,

    /// <summary><c>MSG</c> with no header: <c>raw</c>.</summary>
    Raw,

    /// <summary><c>&lt;PRI&gt;ISO-TIMESTAMP MSG</c>: <c>timed</c>.</summary>
    Timed,

    /// <summary><c>ISO-TIMESTAMP MSG</c>, no priority: <c>iso</c>.</summary>
    Iso,
}
