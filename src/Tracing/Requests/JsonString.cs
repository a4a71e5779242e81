using System.Buffers;
using System.Text;

namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// The inside of a JSON string (RFC 8259 §7) as HAProxy's <c>json</c> converter writes it: <c>\" \\ \/ \b \f \n \r
/// \t \uXXXX</c> escapes (surrogate pairs kept as they come), raw bytes as UTF-8 (invalid sequences become U+FFFD).
/// </summary>
internal static class JsonString
{
    private const int StackChars = 512;

    /// <summary>The length of a quoted string's inside (up to, not including, its closing quote); -1 when the input
    /// ends first.</summary>
    public static int ScanToClosingQuote(ReadOnlySpan<byte> afterOpeningQuote)
    {
        for (var i = 0; i < afterOpeningQuote.Length; i++)
        {
            switch (afterOpeningQuote[i])
            {
                case (byte)'"':
                    return i;
                case (byte)'\\':
                    i++;
                    break;
            }
        }

        return -1;
    }

    /// <summary>The string an escaped inside stands for; false when an escape is bad or a control byte is raw.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> inside, out string text)
    {
        text = string.Empty;
        if (inside.IsEmpty)
        {
            return true;
        }

        if (inside.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) < 0 && !inside.Contains((byte)'\\'))
        {
            text = Encoding.ASCII.GetString(inside);
            return true;
        }

        // Never more chars than bytes: an escape shrinks, UTF-8 decodes to at most one char per byte.
        char[]? rented = null;
        var chars = inside.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(inside.Length));
        try
        {
            if (!TryUnescape(inside, chars, out var written))
            {
                return false;
            }

            text = new string(chars[..written]);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool TryUnescape(ReadOnlySpan<byte> inside, Span<char> chars, out int written)
    {
        written = 0;
        while (!inside.IsEmpty)
        {
            var escape = inside.IndexOfAnyInRange((byte)0, (byte)0x1f);
            var backslash = inside.IndexOf((byte)'\\');
            if (escape >= 0 && (backslash < 0 || escape < backslash))
            {
                return false;
            }

            var run = backslash < 0 ? inside : inside[..backslash];
            written += Encoding.UTF8.GetChars(run, chars[written..]);
            if (backslash < 0)
            {
                return true;
            }

            inside = inside[(backslash + 1)..];
            if (inside.IsEmpty)
            {
                return false;
            }

            var consumed = 1;
            switch (inside[0])
            {
                case (byte)'"': chars[written++] = '"'; break;
                case (byte)'\\': chars[written++] = '\\'; break;
                case (byte)'/': chars[written++] = '/'; break;
                case (byte)'b': chars[written++] = '\b'; break;
                case (byte)'f': chars[written++] = '\f'; break;
                case (byte)'n': chars[written++] = '\n'; break;
                case (byte)'r': chars[written++] = '\r'; break;
                case (byte)'t': chars[written++] = '\t'; break;
                case (byte)'u':
                    if (inside.Length < 5 || !TryHex4(inside.Slice(1, 4), out var unit))
                    {
                        return false;
                    }

                    chars[written++] = (char)unit;
                    consumed = 5;
                    break;
                default:
                    return false;
            }

            inside = inside[consumed..];
        }

        return true;
    }

    private static bool TryHex4(ReadOnlySpan<byte> four, out int value)
    {
        value = 0;
        foreach (var b in four)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }
}
