namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>
/// W3C Trace Context (levels 1 and 2): <c>traceparent: {version}-{trace-id}-{parent-id}-{trace-flags}</c> and
/// <c>tracestate</c>. Version <c>ff</c> is invalid; version 00 has exactly 55 characters; a higher version is read by
/// its first four fields and must either end there or go on with <c>-</c>. Ids are lowercase hex and not all zero.
/// </summary>
internal static class TraceContextFormat
{
    public const int TraceParentLength = 55;
    public const int MaxTraceStateMembers = 32;
    public const int MaxTraceStateLength = 512;

    public static bool TryParseTraceParent(ReadOnlySpan<byte> text, out RemoteContext context)
    {
        context = default;
        if (text.Length < TraceParentLength || text[2] != '-' || text[35] != '-' || text[52] != '-')
        {
            return false;
        }

        if (!Hex.TryParse(text[..2], lowercaseOnly: true, out var version) || version == 0xff)
        {
            return false;
        }

        if (version == 0 ? text.Length != TraceParentLength : text.Length > TraceParentLength && text[TraceParentLength] != '-')
        {
            return false;
        }

        if (!Hex.TryParse(text.Slice(3, 16), true, out var high) || !Hex.TryParse(text.Slice(19, 16), true, out var low)
            || !Hex.TryParse(text.Slice(36, 16), true, out var span) || !Hex.TryParse(text.Slice(53, 2), true, out var flags))
        {
            return false;
        }

        context = new RemoteContext(high, low, span, (flags & 1) != 0);
        return context.IsValid;
    }

    /// <summary>Writes <c>00-{trace}-{span}-{01|00}</c> (55 bytes).</summary>
    public static void WriteTraceParent(in RemoteContext context, Span<byte> destination)
    {
        "00-"u8.CopyTo(destination);
        context.WriteHexIds(destination[3..], (byte)'-');
        "-0"u8.CopyTo(destination[(3 + RemoteContext.HexIdsLength)..]);
        destination[3 + RemoteContext.HexIdsLength + 2] = context.Sampled ? (byte)'1' : (byte)'0';
    }

    /// <summary>
    /// True when <paramref name="text"/> is a tracestate list we can pass on: at most 32 members (empty ones allowed),
    /// keys <c>lcalpha *(lcalpha / digit / _ - * /)</c> or <c>tenant@system</c>, values of printable ASCII without
    /// <c>,</c> and <c>=</c> (not ending in a space), no key twice, at most 512 characters in all. A list that fails is
    /// dropped as a whole (the traceparent still counts).
    /// </summary>
    public static bool IsValidTraceState(ReadOnlySpan<byte> text)
    {
        if (text.Length > MaxTraceStateLength)
        {
            return false;
        }

        Span<Range> members = stackalloc Range[MaxTraceStateMembers + 1];
        var count = 0;
        var rest = text;
        var offset = 0;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var member = (comma < 0 ? rest : rest[..comma]).Trim(" \t"u8);
            if (!member.IsEmpty)
            {
                if (count == MaxTraceStateMembers || !IsValidMember(member, out var keyLength))
                {
                    return false;
                }

                var start = offset + (comma < 0 ? rest : rest[..comma]).IndexOf(member);
                var key = text.Slice(start, keyLength);
                for (var i = 0; i < count; i++)
                {
                    if (text[members[i]].SequenceEqual(key))
                    {
                        return false;
                    }
                }

                members[count++] = new Range(start, start + keyLength);
            }

            if (comma < 0)
            {
                return true;
            }

            offset += comma + 1;
            rest = rest[(comma + 1)..];
        }
    }

    private static bool IsValidMember(ReadOnlySpan<byte> member, out int keyLength)
    {
        keyLength = member.IndexOf((byte)'=');
        if (keyLength <= 0)
        {
            return false;
        }

        var key = member[..keyLength];
        var value = member[(keyLength + 1)..];
        return IsValidKey(key) && IsValidValue(value);
    }

    private static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        var at = key.IndexOf((byte)'@');
        if (at < 0)
        {
            return key.Length <= 256 && IsLcAlpha(key[0]) && AllKeyChars(key[1..]);
        }

        var tenant = key[..at];
        var system = key[(at + 1)..];
        return tenant.Length is > 0 and <= 241 && (IsLcAlpha(tenant[0]) || char.IsAsciiDigit((char)tenant[0])) && AllKeyChars(tenant[1..])
            && system.Length is > 0 and <= 14 && IsLcAlpha(system[0]) && AllKeyChars(system[1..]);
    }

    private static bool IsValidValue(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > 256 || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < 0x20 or > 0x7e or (byte)',' or (byte)'=')
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllKeyChars(ReadOnlySpan<byte> chars)
    {
        foreach (var c in chars)
        {
            if (!IsLcAlpha(c) && !char.IsAsciiDigit((char)c) && c is not ((byte)'_' or (byte)'-' or (byte)'*' or (byte)'/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLcAlpha(byte c) => c is >= (byte)'a' and <= (byte)'z';
}
