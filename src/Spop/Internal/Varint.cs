using System.Buffers;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// HAProxy's variable-length integer (the "peers" encoding, not LEB128):
/// <code>
/// v &lt; 240 : one byte
/// else     : (v | 0xF0), v = (v - 240) &gt;&gt; 4; while v &gt;= 128 { (v | 0x80), v = (v - 128) &gt;&gt; 7 }; v
/// </code>
/// Decoding adds each whole continuation byte (its 0x80 bit included) shifted by 4, 11, 18, ... bits, with
/// wrapping 64-bit arithmetic. At most 10 bytes: an 11th would need a shift of 67, which C# masks silently.
/// </summary>
internal static class Varint
{
    public const int MaxLength = 10;

    public static int GetLength(ulong value)
    {
        if (value < 240)
        {
            return 1;
        }

        var length = 2;
        value = (value - 240) >> 4;
        while (value >= 128)
        {
            value = (value - 128) >> 7;
            length++;
        }

        return length;
    }

    public static int Write(Span<byte> destination, ulong value)
    {
        if (value < 240)
        {
            destination[0] = (byte)value;
            return 1;
        }

        var n = 0;
        destination[n++] = (byte)(value | 0xF0);
        value = (value - 240) >> 4;
        while (value >= 128)
        {
            destination[n++] = (byte)(value | 0x80);
            value = (value - 128) >> 7;
        }

        destination[n++] = (byte)value;
        return n;
    }

    /// <summary>Reads one varint, in the shape of <see cref="System.Buffers.Text.Base64.DecodeFromUtf8"/>.</summary>
    /// <returns><see cref="OperationStatus.Done"/> with <paramref name="bytesConsumed"/> set;
    /// <see cref="OperationStatus.NeedMoreData"/> when <paramref name="source"/> ends before the varint does;
    /// <see cref="OperationStatus.InvalidData"/> when the varint is longer than <see cref="MaxLength"/> bytes.</returns>
    public static OperationStatus Decode(ReadOnlySpan<byte> source, out ulong value, out int bytesConsumed)
    {
        value = 0;
        bytesConsumed = 0;
        if (source.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }

        value = source[0];
        if (value < 240)
        {
            bytesConsumed = 1;
            return OperationStatus.Done;
        }

        var shift = 4;
        for (var i = 1; i < MaxLength; i++)
        {
            if (i >= source.Length)
            {
                return OperationStatus.NeedMoreData;
            }

            var c = source[i];
            unchecked
            {
                value += (ulong)c << shift;
            }

            shift += 7;
            if (c < 128)
            {
                bytesConsumed = i + 1;
                return OperationStatus.Done;
            }
        }

        return OperationStatus.InvalidData;
    }
}
