using System.Buffers;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Internal;

/// <summary>Kestrel's three shapes for a decoder: whole buffer, every truncation, one byte per segment.</summary>
public sealed class FrameReaderTests
{
    private static readonly byte[] Notify = Captures.Bytes("haproxy26-notify-request-multi.hex");

    [Fact]
    public void WholeBuffer_TwoFrames_ReadInOrder()
    {
        var second = Captures.Bytes("haproxy32-notify-empty.hex");
        var buffer = new ReadOnlySequence<byte>([.. Notify, .. second]);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 16384, out var h1, out var p1));
        Assert.Equal(new FrameHeader(163, FrameType.Notify, FrameFlags.Fin, 0, 1), h1);
        Assert.Equal(156, p1.Length);
        Assert.Equal(Notify.AsSpan(11).ToArray(), p1.ToArray());
        Assert.True(FrameReader.TryReadFrame(ref buffer, 16384, out var h2, out var p2));
        Assert.Equal(new FrameHeader(7, FrameType.Notify, FrameFlags.Fin, 1, 1), h2);
        Assert.True(p2.IsEmpty);
        Assert.True(buffer.IsEmpty);
        Assert.False(FrameReader.TryReadFrame(ref buffer, 16384, out _, out _));
    }

    [Fact]
    public void EveryTruncation_NeedsMoreAndConsumesNothing()
    {
        for (var cut = 0; cut < Notify.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(Notify, 0, cut);
            var before = buffer;
            Assert.False(FrameReader.TryReadFrame(ref buffer, 16384, out _, out _));
            Assert.Equal(before, buffer);
        }
    }

    [Fact]
    public void OneBytePerSegment_ReadsTheSameFrame()
    {
        var buffer = Sequences.OneBytePerSegment(Notify);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 16384, out var header, out var payload));
        Assert.Equal(3UL, (ulong)header.Type);
        Assert.Equal(Notify.AsSpan(11).ToArray(), payload.ToArray());
        Assert.True(buffer.IsEmpty);

        for (var cut = 0; cut < Notify.Length; cut++)
        {
            var partial = Sequences.OneBytePerSegment(Notify.AsSpan(0, cut));
            var before = partial;
            Assert.False(FrameReader.TryReadFrame(ref partial, 16384, out _, out _));
            Assert.Equal(before.Length, partial.Length);
        }
    }

    [Fact]
    public void MaxLength_Accepted_MaxPlusOne_RejectedBeforeTheBody()
    {
        var frame = Frame(300);
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 300, out var header, out _));
        Assert.Equal(300U, header.Length);

        // Only the 4 length bytes are there: the oversize is seen without waiting for the body.
        var prefix = new ReadOnlySequence<byte>(frame, 0, 4);
        var ex = Assert.Throws<SpopException>(() => FrameReader.TryReadFrame(ref prefix, 299, out _, out _));
        Assert.Equal(SpopStatus.FrameTooBig, ex.Status);
    }

    [Theory]
    [InlineData("00000000")]
    [InlineData("00000006030000000101")]
    public void LengthBelowSeven_IsInvalid(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        var ex = Assert.Throws<SpopException>(() => FrameReader.TryReadFrame(ref buffer, 16384, out _, out _));
        Assert.Equal(SpopStatus.InvalidFrame, ex.Status);
    }

    [Theory]
    [InlineData("0000000703000000 01 f0 f0")] // stream-id varint runs past the frame
    [InlineData("0000000803000000 01 01 ff f0")] // frame-id varint runs past the frame
    [InlineData("0000001103000000 01 ffffffffffffffffffffff 01")] // 11-byte stream-id
    public void MalformedIds_AreInvalid(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex.Replace(" ", string.Empty)));
        var ex = Assert.Throws<SpopException>(() => FrameReader.TryReadFrame(ref buffer, 16384, out _, out _));
        Assert.Equal(SpopStatus.InvalidFrame, ex.Status);
    }

    [Fact]
    public void GarbageLength_IsTooBig()
    {
        var buffer = new ReadOnlySequence<byte>("GET / HTTP/1.1\r\n"u8.ToArray());
        var ex = Assert.Throws<SpopException>(() => FrameReader.TryReadFrame(ref buffer, 16384, out _, out _));
        Assert.Equal(SpopStatus.FrameTooBig, ex.Status);
    }

    private static byte[] Frame(int length)
    {
        var frame = new byte[4 + length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)length);
        frame[4] = (byte)FrameType.Notify;
        frame[8] = 1;
        return frame;
    }
}
