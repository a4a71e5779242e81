using System.Buffers;
using SpoaOpenTracing.Spop.Internal;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Internal;

public sealed class FrameWriterTests
{
    [Fact]
    public void EmptyAck_GetsTheUnsetFiller()
    {
        var writer = new ArrayBufferWriter<byte>();
        var actions = FrameWriter.BeginAck(writer, 20, 1, 16380, out var frame, out var headerEnd);
        FrameWriter.EndAck(writer, frame, headerEnd, in actions);
        Assert.Equal("0000000c67000000011401" + "020202015f", Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Fact]
    public void Ack_NeverExceedsTheNegotiatedSize()
    {
        var writer = new ArrayBufferWriter<byte>();
        var actions = FrameWriter.BeginAck(writer, 1, 1, 256, out var frame, out var headerEnd);
        var value = new byte[100];
        var written = 0;
        while (actions.SetVar(VarScope.Transaction, "v"u8, SpopValue.FromBinary(value)))
        {
            written++;
        }

        Assert.Equal(2, written);
        Assert.Equal(1, actions.DroppedCount);
        FrameWriter.EndAck(writer, frame, headerEnd, in actions);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 256, out var header, out _));
        Assert.True(header.Length <= 256);
    }

    [Fact]
    public void AckBuffer_ExactlyFillsTheNegotiatedSize()
    {
        var writer = new ArrayBufferWriter<byte>();
        var actions = FrameWriter.BeginAck(writer, 300, 1, 256, out var frame, out var headerEnd);

        // 256 - header (1 type + 4 flags + 2 + 1 ids) = 248 bytes = SET-VAR "v" BINARY(236) (7 + 236) + UNSET-VAR "x" (5).
        Assert.True(actions.SetVar(VarScope.Transaction, "v"u8, SpopValue.FromBinary(new byte[236])));
        Assert.True(actions.UnsetVar(VarScope.Transaction, "x"u8));
        Assert.False(actions.UnsetVar(VarScope.Transaction, "y"u8));
        FrameWriter.EndAck(writer, frame, headerEnd, in actions);
        Assert.Equal(260, writer.WrittenCount);
    }

    [Theory]
    [InlineData(SpopStatus.FrameTooBig, "frame is too big")]
    [InlineData(SpopStatus.InvalidFrame, "invalid frame received")]
    [InlineData((SpopStatus)150, "an unknown error occurred")]
    public void Disconnect_CarriesStatusAndHaproxyText(SpopStatus status, string text)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteAgentDisconnect(writer, status);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 1024, out var header, out var payload));
        Assert.Equal(FrameType.AgentDisconnect, header.Type);
        Assert.Equal(FrameFlags.Fin, header.Flags);
        var reader = new KvListReader(payload.ToArray());
        Assert.True(reader.TryRead(out var key, out var value));
        Assert.Equal("status-code", System.Text.Encoding.ASCII.GetString(key));
        Assert.Equal((ulong)status, value.UInt64);
        Assert.True(reader.TryRead(out key, out value));
        Assert.Equal("message", System.Text.Encoding.ASCII.GetString(key));
        Assert.Equal(text, value.ToString());
    }
}
