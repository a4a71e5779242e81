using System.Buffers;
using System.Buffers.Binary;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Cuts complete frames out of the receive buffer. A pure function, so the connection loop, the tests and the
/// benchmarks run the same code without a socket.
/// <code>
/// +--------------+--------+--------------+------------------+-----------------+-----------+
/// | LENGTH u32BE | TYPE u8| FLAGS u32 BE | STREAM-ID varint | FRAME-ID varint | PAYLOAD   |
/// +--------------+--------+--------------+------------------+-----------------+-----------+
///                 &lt;------------------------------ LENGTH bytes ------------------------&gt;
/// </code>
/// </summary>
internal static class FrameReader
{
    public const int LengthPrefixSize = 4;

    /// <summary>TYPE + FLAGS + two one-byte ids.</summary>
    public const int MinFrameLength = 7;

    /// <summary>TYPE + FLAGS + two ten-byte ids: the most header bytes a frame can have.</summary>
    private const int MaxHeaderLength = 5 + (2 * Varint.MaxLength);

    /// <summary>
    /// Reads one frame. Returns false when <paramref name="buffer"/> does not yet hold a whole frame; nothing is
    /// consumed then. On success <paramref name="buffer"/> is advanced past the frame and
    /// <paramref name="payload"/> is a slice of it (never a copy).
    /// </summary>
    /// <exception cref="SpopException">Status 3 when LENGTH exceeds <paramref name="maxFrameSize"/> (raised as soon
    /// as the 4 length bytes are there, before the body is awaited); status 4 when LENGTH is below 7 or the ids
    /// are malformed.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, uint maxFrameSize, out FrameHeader header,
        out ReadOnlySequence<byte> payload)
    {
        header = default;
        payload = default;
        if (buffer.Length < LengthPrefixSize)
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[MaxHeaderLength];
        var length = BinaryPrimitives.ReadUInt32BigEndian(Peek(buffer, scratch[..LengthPrefixSize]));
        if (length > maxFrameSize)
        {
            ThrowHelper.Throw(SpopStatus.FrameTooBig, $"frame length {length} exceeds the limit {maxFrameSize}");
        }

        if (length < MinFrameLength)
        {
            ThrowHelper.ThrowInvalid($"frame length {length} is below the minimum {MinFrameLength}");
        }

        if (buffer.Length - LengthPrefixSize < length)
        {
            return false;
        }

        var frame = buffer.Slice(LengthPrefixSize, length);
        var head = Peek(frame, scratch[..(int)Math.Min(length, MaxHeaderLength)]);
        var type = (FrameType)head[0];
        var flags = (FrameFlags)BinaryPrimitives.ReadUInt32BigEndian(head[1..]);
        var position = 5;
        if (Varint.Decode(head[position..], out var streamId, out var consumed) != OperationStatus.Done)
        {
            ThrowHelper.ThrowInvalid("malformed stream-id");
        }

        position += consumed;
        if (Varint.Decode(head[position..], out var frameId, out consumed) != OperationStatus.Done)
        {
            ThrowHelper.ThrowInvalid("malformed frame-id");
        }

        position += consumed;
        header = new FrameHeader(length, type, flags, streamId, frameId);
        payload = frame.Slice(position);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>The first bytes of <paramref name="sequence"/>, from the first segment when it is long enough.</summary>
    private static ReadOnlySpan<byte> Peek(in ReadOnlySequence<byte> sequence, Span<byte> scratch)
    {
        var first = sequence.FirstSpan;
        if (first.Length >= scratch.Length)
        {
            return first[..scratch.Length];
        }

        sequence.Slice(0, scratch.Length).CopyTo(scratch);
        return scratch;
    }
}
