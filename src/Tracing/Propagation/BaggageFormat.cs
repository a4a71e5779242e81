using System.Buffers;
using System.Text;

namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>
/// W3C Baggage: <c>key=value[;property]*</c> members separated by commas, keys RFC 7230 tokens, values percent-encoded
/// UTF-8. Properties are dropped (spans have nowhere to put them). Reading and writing keep at most
/// <see cref="MaxEntries"/> entries and <see cref="MaxLength"/> bytes, the minimum the specification says a platform
/// must propagate; invalid members are skipped on their own.
/// </summary>
internal static class BaggageFormat
{
    public const int MaxEntries = 64;
    public const int MaxLength = 8192;

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    private static readonly SearchValues<byte> PlainValueChars =
        SearchValues.Create("!#$&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>The entries of a header (a later duplicate key wins); <paramref name="skipped"/> counts members dropped
    /// as invalid or beyond the limits.</summary>
    public static KeyValuePair<string, string>[] Parse(ReadOnlySpan<byte> header, out int skipped)
    {
        skipped = 0;
        if (header.Length > MaxLength)
        {
            // Cut at the last member boundary inside the limit rather than refusing everything.
            var cut = header[..MaxLength].LastIndexOf((byte)',');
            header = cut < 0 ? default : header[..cut];
            skipped++;
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var range in header.Split((byte)','))
        {
            var member = header[range];
            var semicolon = member.IndexOf((byte)';');
            var pair = (semicolon < 0 ? member : member[..semicolon]).Trim(" \t"u8);
            if (pair.IsEmpty && semicolon < 0)
            {
                continue;
            }

            var eq = pair.IndexOf((byte)'=');
            var key = eq < 0 ? default : pair[..eq].Trim(" \t"u8);
            if (key.IsEmpty || key.ContainsAnyExcept(TokenChars) || !TryDecodeValue(pair[(eq + 1)..].Trim(" \t"u8), out var value))
            {
                skipped++;
                continue;
            }

            var keyText = Encoding.ASCII.GetString(key);
            var existing = result.FindIndex(e => e.Key == keyText);
            if (existing >= 0)
            {
                result[existing] = new(keyText, value);
            }
            else if (result.Count < MaxEntries)
            {
                result.Add(new(keyText, value));
            }
            else
            {
                skipped++;
            }
        }

        return result.ToArray();
    }

    /// <summary>The header for <paramref name="entries"/>, or null when none can be written. Keys that are not tokens
    /// are left out; values are percent-encoded.</summary>
    public static string? Write(IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        var builder = new StringBuilder();
        var written = 0;
        foreach (var (key, value) in entries)
        {
            if (written == MaxEntries || key.Length == 0 || !Ascii.IsValid(key) || Encoding.ASCII.GetBytes(key).AsSpan().ContainsAnyExcept(TokenChars))
            {
                continue;
            }

            var member = key + "=" + Encode(value);
            if (builder.Length + member.Length + 1 > MaxLength)
            {
                continue;
            }

            builder.Append(written == 0 ? "" : ",").Append(member);
            written++;
        }

        return written == 0 ? null : builder.ToString();
    }

    private static bool TryDecodeValue(ReadOnlySpan<byte> text, out string value)
    {
        value = string.Empty;
        var decoded = new byte[text.Length];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !Hex.TryParse(text.Slice(i + 1, 2), false, out var b))
                {
                    return false;
                }

                decoded[length++] = (byte)b;
                i += 2;
            }
            else if (PlainValueChars.Contains(c))
            {
                decoded[length++] = c;
            }
            else
            {
                return false;
            }
        }

        try
        {
            value = new UTF8Encoding(false, true).GetString(decoded, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (PlainValueChars.Contains(b) && b != '%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
