namespace SpoaOpenTracing.Syslog;

/// <summary>
/// One syslog message, split into its header fields: views into the receive buffer, valid only during
/// <see cref="ISyslogHandler.HandleMessage"/>. An absent field is empty (RFC 5424's <c>-</c> included).
/// </summary>
public readonly ref struct SyslogMessage
{
    public SyslogMessage(
        SyslogFormat format,
        int priority,
        ReadOnlySpan<byte> timestamp,
        ReadOnlySpan<byte> hostname,
        ReadOnlySpan<byte> appName,
        ReadOnlySpan<byte> procId,
        ReadOnlySpan<byte> messageId,
        ReadOnlySpan<byte> structuredData,
        ReadOnlySpan<byte> body)
    {
        Format = format;
        Priority = priority;
        Timestamp = timestamp;
        Hostname = hostname;
        AppName = appName;
        ProcId = procId;
        MessageId = messageId;
        StructuredData = structuredData;
        Body = body;
    }

    public SyslogFormat Format { get; }

    /// <summary>Facility × 8 + severity, or -1 when the frame had none (<see cref="SyslogFormat.Raw"/>, <see cref="SyslogFormat.Iso"/>).</summary>
    public int Priority { get; }

    /// <summary>The timestamp as written (RFC 3164's <c>Mmm dd hh:mm:ss</c> or an ISO 8601 one); not parsed.</summary>
    public ReadOnlySpan<byte> Timestamp { get; }

    public ReadOnlySpan<byte> Hostname { get; }

    /// <summary>RFC 3164's TAG or RFC 5424's APP-NAME.</summary>
    public ReadOnlySpan<byte> AppName { get; }

    public ReadOnlySpan<byte> ProcId { get; }

    /// <summary>RFC 5424's MSGID.</summary>
    public ReadOnlySpan<byte> MessageId { get; }

    /// <summary>RFC 5424's STRUCTURED-DATA elements as written, brackets and escapes included.</summary>
    public ReadOnlySpan<byte> StructuredData { get; }

    /// <summary>The MSG part, without the trailing LF or CR.</summary>
    public ReadOnlySpan<byte> Body { get; }
}
