using System.Buffers;
using System.Buffers.Binary;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Writes whole agent frames into an <see cref="IBufferWriter{T}"/>: the span of the complete frame is taken at
/// once, the 4-byte length prefix is reserved, the body written, the length back-patched, then one Advance.
/// Nothing here flushes, so a frame always leaves in one send (HAProxy 3.2 resets an AGENT-HELLO that arrives in
/// several TCP segments, haproxy/haproxy#3478). Every frame has FIN set.
/// </summary>
internal static class FrameWriter
{
    /// <summary>
    /// The filler action of an ACK that would otherwise be empty: UNSET-VAR txn "_". HAProxy 3.1.0 never wakes the
    /// request on an empty ACK; an unset of a variable nobody declared is ignored by every version.
    /// </summary>
    public static ReadOnlySpan<byte> FillerAction => [0x02, 0x02, (byte)VarScope.Transaction, 0x01, (byte)'_'];

    private const string Version = "2.0";

    // Indexed by status code; the frames are constant, so they are encoded once (codes >= 100 are encoded on demand).
    private static readonly byte[]?[] s_disconnectFrames = BuildDisconnectFrames();

    /// <summary>
    /// Reserves a frame of at most <paramref name="maxLength"/> bytes after the length prefix and writes its header.
    /// The body goes to <c>frame[headerEnd..]</c>; <see cref="EndFrame"/> finishes it.
    /// </summary>
    public static Span<byte> BeginFrame(IBufferWriter<byte> output, FrameType type, ulong streamId, ulong frameId,
        int maxLength, out int headerEnd)
    {
        var frame = output.GetSpan(FrameReader.LengthPrefixSize + maxLength)[..(FrameReader.LengthPrefixSize + maxLength)];
        frame[4] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(frame[5..], (uint)FrameFlags.Fin);
        var n = 9;
        n += Varint.Write(frame[n..], streamId);
        n += Varint.Write(frame[n..], frameId);
        headerEnd = n;
        return frame;
    }

    /// <summary>Back-patches LENGTH for a frame whose body ends at <paramref name="frameEnd"/> and commits it.</summary>
    public static void EndFrame(IBufferWriter<byte> output, Span<byte> frame, int frameEnd)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(frameEnd - FrameReader.LengthPrefixSize));
        output.Advance(frameEnd);
    }

    /// <summary>
    /// Starts an ACK: the returned writer's buffer is what remains of <paramref name="maxFrameSize"/> after the
    /// header, so the whole ACK always fits the negotiated size.
    /// </summary>
    public static ActionWriter BeginAck(IBufferWriter<byte> output, ulong streamId, ulong frameId, int maxFrameSize,
        out Span<byte> frame, out int headerEnd)
    {
        frame = BeginFrame(output, FrameType.Ack, streamId, frameId, maxFrameSize, out headerEnd);
        return new ActionWriter(frame[headerEnd..]);
    }

    /// <summary>Finishes an ACK, adding <see cref="FillerAction"/> when the handlers wrote no action.</summary>
    public static void EndAck(IBufferWriter<byte> output, Span<byte> frame, int headerEnd, in ActionWriter actions)
    {
        var end = headerEnd + actions.Written;
        if (actions.Written == 0)
        {
            FillerAction.CopyTo(frame[end..]);
            end += FillerAction.Length;
        }

        EndFrame(output, frame, end);
    }

    /// <summary>
    /// AGENT-HELLO: <c>version</c> "2.0" (STRING), <c>max-frame-size</c> (UINT32), <c>capabilities</c> (STRING,
    /// present even when empty: the 3.x health check requires the key).
    /// </summary>
    public static void WriteAgentHello(IBufferWriter<byte> output, uint maxFrameSize, ReadOnlySpan<byte> capabilities)
    {
        var length = 5 + 2
            + KeyLength("version"u8) + 1 + TypedData.GetStringLength(Version.Length)
            + KeyLength("max-frame-size"u8) + 1 + Varint.GetLength(maxFrameSize)
            + KeyLength("capabilities"u8) + 1 + TypedData.GetStringLength(capabilities.Length);
        var frame = BeginFrame(output, FrameType.AgentHello, 0, 0, length, out var n);
        n += TypedData.WriteString(frame[n..], "version"u8);
        n += TypedData.Write(frame[n..], SpopValue.FromString("2.0"u8));
        n += TypedData.WriteString(frame[n..], "max-frame-size"u8);
        n += TypedData.Write(frame[n..], SpopValue.FromUInt32(maxFrameSize));
        n += TypedData.WriteString(frame[n..], "capabilities"u8);
        n += TypedData.Write(frame[n..], SpopValue.FromString(capabilities));
        EndFrame(output, frame, n);
    }

    /// <summary>AGENT-DISCONNECT: <c>status-code</c> (UINT32) and <c>message</c> (STRING, HAProxy's own text).</summary>
    public static void WriteAgentDisconnect(IBufferWriter<byte> output, SpopStatus status)
    {
        var code = (uint)status;
        var bytes = code < s_disconnectFrames.Length ? s_disconnectFrames[code] : null;
        if (bytes is null)
        {
            var text = SpopStatusText.Of(status);
            Span<byte> message = stackalloc byte[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                message[i] = (byte)text[i];
            }

            WriteAgentDisconnect(output, code, message);
            return;
        }

        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    /// <summary>AGENT-DISCONNECT with any status and message (HAProxy 2.6 rejects a message over 255 bytes).</summary>
    public static void WriteAgentDisconnect(IBufferWriter<byte> output, uint status, ReadOnlySpan<byte> message)
    {
        var length = 5 + 2
            + KeyLength("status-code"u8) + 1 + Varint.GetLength(status)
            + KeyLength("message"u8) + 1 + TypedData.GetStringLength(message.Length);
        var frame = BeginFrame(output, FrameType.AgentDisconnect, 0, 0, length, out var n);
        n += TypedData.WriteString(frame[n..], "status-code"u8);
        n += TypedData.Write(frame[n..], SpopValue.FromUInt32(status));
        n += TypedData.WriteString(frame[n..], "message"u8);
        n += TypedData.Write(frame[n..], SpopValue.FromString(message));
        EndFrame(output, frame, n);
    }

    private static int KeyLength(ReadOnlySpan<byte> key) => TypedData.GetStringLength(key.Length);

    private static byte[]?[] BuildDisconnectFrames()
    {
        var frames = new byte[]?[(int)SpopStatus.Unknown + 1];
        foreach (var status in Enum.GetValues<SpopStatus>())
        {
            var writer = new ArrayBufferWriter<byte>(64);
            var text = System.Text.Encoding.ASCII.GetBytes(SpopStatusText.Of(status));
            WriteAgentDisconnect(writer, (uint)status, text);
            frames[(int)status] = writer.WrittenSpan.ToArray();
        }

        return frames;
    }
}
