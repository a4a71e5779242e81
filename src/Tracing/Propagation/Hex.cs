namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>Hex digits of ids, on UTF-8 bytes.</summary>
internal static class Hex
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    /// <summary>Parses 1 to 16 hex digits. W3C allows lowercase only; B3 and Jaeger readers accept both cases.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, bool lowercaseOnly, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 16)
        {
            return false;
        }

        foreach (var c in text)
        {
            int digit;
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                digit = c - '0';
            }
            else if (c is >= (byte)'a' and <= (byte)'f')
            {
                digit = c - 'a' + 10;
            }
            else if (!lowercaseOnly && c is >= (byte)'A' and <= (byte)'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }

    /// <summary>Parses a trace id of up to 32 hex digits (shorter ones are zero-padded on the left, as B3 and Jaeger allow
    /// for 64-bit ids).</summary>
    public static bool TryParseTraceId(ReadOnlySpan<byte> text, bool lowercaseOnly, out ulong high, out ulong low)
    {
        high = 0;
        low = 0;
        if (text.IsEmpty || text.Length > 32)
        {
            return false;
        }

        var split = Math.Max(0, text.Length - 16);
        return (split == 0 || TryParse(text[..split], lowercaseOnly, out high)) && TryParse(text[split..], lowercaseOnly, out low);
    }

    /// <summary>Writes 16 lowercase hex digits.</summary>
    public static void Write(ulong value, Span<byte> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = Digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }
}
