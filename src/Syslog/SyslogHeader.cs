using SpoaOpenTracing.Syslog.Internal;

namespace SpoaOpenTracing.Syslog;

/// <summary>
/// Splits one frame into its syslog header fields and body, for every form HAProxy's <c>log ... format</c> writes.
/// Allocation-free: the message's spans are slices of the frame.
/// </summary>
/// <remarks>
/// <code>
/// rfc5424   &lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]       (RFC 5424 section 6; "-" = absent)
/// rfc3164   &lt;PRI&gt;Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG                  (RFC 3164 section 4.1)
/// local     &lt;PRI&gt;Mmm dd hh:mm:ss TAG[PID]: MSG                           (HAProxy: rfc3164 without the host)
/// timed     &lt;PRI&gt;ISO-TIMESTAMP MSG            iso   ISO-TIMESTAMP MSG
/// short     &lt;PRI&gt;MSG (level only)              priority  &lt;PRI&gt;MSG       raw   MSG
/// </code>
/// The forms are told apart in that order; a frame that starts with <c>&lt;</c> must have a valid PRI (0-191), and one
/// that announces RFC 5424 (<c>&lt;PRI&gt;1 </c> and a timestamp) must be RFC 5424 to the end of its SD.
/// </remarks>
public static class SyslogHeader
{
    private const int MaxPriority = 191;

    /// <summary>False (with the reason) when the frame is empty or its header is broken.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out SyslogMessage message, out SyslogFrameError error)
    {
        frame = frame.TrimEnd("\r\n"u8);
        message = default;
        error = SyslogFrameError.BadHeader;
        if (frame.IsEmpty)
        {
            return false;
        }

        if (frame[0] != (byte)'<')
        {
            var isoLength = IsoTimestampLength(frame);
            message = isoLength > 0
                ? new SyslogMessage(SyslogFormat.Iso, -1, frame[..isoLength], default, default, default, default, default, frame[(isoLength + 1)..])
                : new SyslogMessage(SyslogFormat.Raw, -1, default, default, default, default, default, default, frame);
            return true;
        }

        if (!TryReadPriority(frame, out var priority, out var headerStart))
        {
            return false;
        }

        var rest = frame[headerStart..];
        if (rest.StartsWith("1 "u8) && (rest[2..].StartsWith("- "u8) || IsoTimestampLength(rest[2..]) > 0))
        {
            return Rfc5424Parser.TryParse(priority, rest[2..], out message);
        }

        if (Rfc3164Parser.HasTimestamp(rest))
        {
            message = Rfc3164Parser.Parse(priority, rest);
            return true;
        }

        var timedLength = IsoTimestampLength(rest);
        message = timedLength > 0
            ? new SyslogMessage(SyslogFormat.Timed, priority, rest[..timedLength], default, default, default, default, default, rest[(timedLength + 1)..])
            : new SyslogMessage(SyslogFormat.Short, priority, default, default, default, default, default, default, rest);
        return true;
    }

    /// <summary><c>&lt;</c> 1-3 digits <c>&gt;</c> with a value of at most 191; <paramref name="end"/> is the index after <c>&gt;</c>.</summary>
    private static bool TryReadPriority(ReadOnlySpan<byte> frame, out int priority, out int end)
    {
        priority = 0;
        end = 0;
        var i = 1;
        for (; i < frame.Length && i <= 4 && IsDigit(frame[i]); i++)
        {
            priority = (priority * 10) + (frame[i] - '0');
        }

        if (i == 1 || i > 4 || i >= frame.Length || frame[i] != (byte)'>' || priority > MaxPriority)
        {
            return false;
        }

        end = i + 1;
        return true;
    }

    /// <summary>
    /// The length of a leading ISO 8601 timestamp (<c>YYYY-MM-DDT…</c> up to the next space) when a space follows it,
    /// else 0. Only its shape up to the <c>T</c> is checked: the agent does not read the time.
    /// </summary>
    internal static int IsoTimestampLength(ReadOnlySpan<byte> text)
    {
        // YYYY-MM-DDT
        if (text.Length < 11 || !IsDigits(text[..4]) || text[4] != (byte)'-' || !IsDigits(text.Slice(5, 2))
            || text[7] != (byte)'-' || !IsDigits(text.Slice(8, 2)) || text[10] != (byte)'T')
        {
            return 0;
        }

        var space = text.IndexOf((byte)' ');
        return space < 0 ? 0 : space;
    }

    internal static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    internal static bool IsDigits(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (!IsDigit(b))
            {
                return false;
            }
        }

        return true;
    }
}
