namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// The header after <c>&lt;PRI&gt;1 </c> (RFC 5424 section 6):
/// <code>TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]</code>
/// Fields are non-empty runs of printable bytes, <c>-</c> meaning absent; SD is <c>-</c> or one or more
/// <c>[id param="value"…]</c> elements whose values escape <c>"</c>, <c>\</c> and <c>]</c> with a backslash.
/// </summary>
internal static class Rfc5424Parser
{
    public static bool TryParse(int priority, ReadOnlySpan<byte> rest, out SyslogMessage message)
    {
        message = default;
        if (!TryField(ref rest, out var timestamp) || !TryField(ref rest, out var hostname) || !TryField(ref rest, out var appName)
            || !TryField(ref rest, out var procId) || !TryField(ref rest, out var messageId) || !TryStructuredData(ref rest, out var sd))
        {
            return false;
        }

        message = new SyslogMessage(SyslogFormat.Rfc5424, priority, timestamp, hostname, appName, procId, messageId, sd, rest);
        return true;
    }

    /// <summary>A field and the space after it; <c>-</c> becomes empty.</summary>
    private static bool TryField(scoped ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
    {
        var space = rest.IndexOf((byte)' ');
        field = space > 0 ? rest[..space] : default;
        if (space <= 0)
        {
            return false;
        }

        rest = rest[(space + 1)..];
        if (field.SequenceEqual("-"u8))
        {
            field = default;
        }

        return true;
    }

    /// <summary>SD, then the space before MSG (or the end of the frame: MSG is optional).</summary>
    private static bool TryStructuredData(scoped ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> sd)
    {
        sd = default;
        int end;
        if (rest.StartsWith("-"u8))
        {
            end = 1;
        }
        else
        {
            end = ElementsLength(rest);
            if (end == 0)
            {
                return false;
            }

            sd = rest[..end];
        }

        if (end == rest.Length)
        {
            rest = default;
            return true;
        }

        if (rest[end] != (byte)' ')
        {
            return false;
        }

        rest = rest[(end + 1)..];
        return true;
    }

    /// <summary>The length of the <c>[…]</c> elements at the start, 0 when they are not well-formed.</summary>
    private static int ElementsLength(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && text[i] == (byte)'[')
        {
            var inValue = false;
            for (i++; ; i++)
            {
                if (i >= text.Length)
                {
                    return 0;
                }

                var b = text[i];
                if (inValue && b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inValue = !inValue;
                }
                else if (!inValue && b == (byte)']')
                {
                    break;
                }
            }

            i++;
        }

        return i;
    }
}
