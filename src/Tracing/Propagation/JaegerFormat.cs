namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>
/// Jaeger <c>uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}</c>. Ids are hex of variable length
/// (64-bit or 128-bit trace ids, zero-padded on the left when shorter; zero is invalid), the parent id is deprecated
/// and ignored, flags is a hex byte whose bit 0 is sampled and bit 1 debug (which implies sampled). Clients that
/// URL-encode the header send <c>%3A</c> for the colons; both spellings are read.
/// </summary>
internal static class JaegerFormat
{
    /// <summary>Length of what <see cref="Write"/> writes: 32 + 1 + 16 + 3 + 2.</summary>
    public const int Length = 54;

    public static bool TryParse(ReadOnlySpan<byte> text, out RemoteContext context)
    {
        context = default;
        Span<byte> decoded = stackalloc byte[128];
        if (text.Length > decoded.Length || !Unescape(text, decoded, out var length))
        {
            return false;
        }

        ReadOnlySpan<byte> value = decoded[..length];
        if (!TakeField(ref value, out var traceId) || !TakeField(ref value, out var spanId) || !TakeField(ref value, out var parent)
            || value.Contains((byte)':'))
        {
            return false;
        }

        var flagsText = value;
        if (!Hex.TryParseTraceId(traceId, false, out var high, out var low) || !Hex.TryParse(spanId, false, out var span)
            || !Hex.TryParse(parent, false, out _) || flagsText.Length > 2 || !Hex.TryParse(flagsText, false, out var flags))
        {
            return false;
        }

        context = new RemoteContext(high, low, span, (flags & 3) != 0);
        return context.IsValid;
    }

    /// <summary>Writes <c>{32 hex trace id}:{16 hex span id}:0:{01|00}</c>.</summary>
    public static void Write(in RemoteContext context, Span<byte> destination)
    {
        context.WriteHexIds(destination, (byte)':');
        ":0:0"u8.CopyTo(destination[RemoteContext.HexIdsLength..]);
        destination[RemoteContext.HexIdsLength + 4] = context.Sampled ? (byte)'1' : (byte)'0';
    }

    private static bool TakeField(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
    {
        var colon = rest.IndexOf((byte)':');
        field = colon < 0 ? default : rest[..colon];
        rest = colon < 0 ? default : rest[(colon + 1)..];
        return colon >= 0;
    }

    private static bool Unescape(ReadOnlySpan<byte> text, Span<byte> destination, out int length)
    {
        length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%')
            {
                if (i + 2 >= text.Length || text[i + 1] != '3' || (text[i + 2] | 0x20) != 'a')
                {
                    return false;
                }

                destination[length++] = (byte)':';
                i += 2;
            }
            else
            {
                destination[length++] = text[i];
            }
        }

        return true;
    }
}
