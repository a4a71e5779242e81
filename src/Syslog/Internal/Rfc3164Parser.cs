namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// The header after <c>&lt;PRI&gt;</c> in RFC 3164's form (section 4.1.2) and HAProxy's <c>local</c> variant:
/// <code>Mmm dd hh:mm:ss SP [HOSTNAME SP] TAG[PID]: SP MSG</code>
/// The day is space-padded (<c>Dec  3</c>). The first word after the timestamp is the TAG when it ends in
/// <c>:</c> or carries <c>[PID]</c> (no host: <c>local</c>), else the host. A word that is no TAG starts the MSG,
/// as RFC 3164 section 4.3.3 lets a relay treat a missing TAG.
/// </summary>
internal static class Rfc3164Parser
{
    private const int TimestampLength = 15; // "Mmm dd hh:mm:ss"

    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    public static bool HasTimestamp(ReadOnlySpan<byte> text)
    {
        if (text.Length <= TimestampLength || text[TimestampLength] != (byte)' ' || text[3] != (byte)' ')
        {
            return false;
        }

        var month = Months.IndexOf(text[..3]);
        var day = text.Slice(4, 2);
        var dayOk = (day[0] == (byte)' ' || SyslogHeader.IsDigit(day[0])) && SyslogHeader.IsDigit(day[1]);
        return month >= 0 && month % 3 == 0 && dayOk && text[6] == (byte)' ' && IsClock(text.Slice(7, 8));
    }

    /// <summary>Call after <see cref="HasTimestamp"/> said yes.</summary>
    public static SyslogMessage Parse(int priority, ReadOnlySpan<byte> text)
    {
        var timestamp = text[..TimestampLength];
        var rest = text[(TimestampLength + 1)..];
        ReadOnlySpan<byte> hostname = default;
        if (!TryTag(rest, out var tag, out var procId, out var body))
        {
            var space = rest.IndexOf((byte)' ');
            hostname = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[(space + 1)..];
            if (!TryTag(rest, out tag, out procId, out body))
            {
                body = rest;
            }
        }

        return new SyslogMessage(SyslogFormat.Rfc3164, priority, timestamp, hostname, tag, procId, default, default, body);
    }

    /// <summary><c>TAG[PID]: MSG</c>, <c>TAG: MSG</c> or <c>TAG[PID] MSG</c>; the TAG has no space, <c>[</c> or <c>:</c>.</summary>
    private static bool TryTag(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> tag, out ReadOnlySpan<byte> procId, out ReadOnlySpan<byte> body)
    {
        tag = default;
        procId = default;
        body = default;
        var end = text.IndexOfAny(" [:"u8);
        if (end <= 0 || text[end] == (byte)' ')
        {
            return false;
        }

        var i = end;
        ReadOnlySpan<byte> pid = default;
        if (text[i] == (byte)'[')
        {
            var close = text[i..].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            pid = text.Slice(i + 1, close - 1);
            i += close + 1;
            if (i < text.Length && text[i] == (byte)':')
            {
                i++;
            }
        }
        else
        {
            i++; // the ':'
        }

        if (i < text.Length && text[i] != (byte)' ')
        {
            return false;
        }

        tag = text[..end];
        procId = pid;
        body = i < text.Length ? text[(i + 1)..] : default;
        return true;
    }

    private static bool IsClock(ReadOnlySpan<byte> text) =>
        SyslogHeader.IsDigits(text[..2]) && text[2] == (byte)':' && SyslogHeader.IsDigits(text.Slice(3, 2))
        && text[5] == (byte)':' && SyslogHeader.IsDigits(text.Slice(6, 2));
}
