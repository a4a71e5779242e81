namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>Lowercase hex, as W3C ids are written; parsing accepts lowercase only (uppercase ids are invalid there).</summary>
internal static class HexDigits
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    public static void Write(ulong value, Span<byte> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = Digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>Exactly 16 digits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> sixteen, out ulong value)
    {
        value = 0;
        foreach (var c in sixteen)
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
            else
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }
}
