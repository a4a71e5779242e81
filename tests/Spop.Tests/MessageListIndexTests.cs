using Xunit;
using System.Buffers;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>The connection validates a NOTIFY once and hands its messages out by their recorded starts: that must
/// give exactly the messages a sequential read gives.</summary>
public sealed class MessageListIndexTests
{
    public static IEnumerable<object[]> Notifies() =>
        Captures.All.Where(e => e.Decoded.TryGetProperty("messages", out _)).Select(e => new object[] { e.File });

    [Theory]
    [MemberData(nameof(Notifies))]
    public void IndexedMessagesAreTheSequentialOnes(string file)
    {
        var payload = Payload(file);
        Span<int> starts = stackalloc int[16];
        var count = MessageListReader.Index(payload, starts);

        Assert.Equal(MessageListReader.Validate(payload), count);
        var reader = new MessageListReader(payload);
        for (var i = 0; i < count; i++)
        {
            Assert.True(reader.TryReadMessage(out var expected));
            var actual = MessageListReader.MessageAt(payload, starts[i], i + 1 < count ? starts[i + 1] : payload.Length);
            Assert.Equal(expected.Name.ToArray(), actual.Name.ToArray());
            Assert.Equal(expected.ArgumentCount, actual.ArgumentCount);
            var e = expected.Arguments;
            var a = actual.Arguments;
            while (e.MoveNext())
            {
                Assert.True(a.MoveNext());
                Assert.Equal(e.Current.Name.ToArray(), a.Current.Name.ToArray());
                Assert.Equal(e.Current.Value.ToString(), a.Current.Value.ToString());
                Assert.Equal(e.Current.Value.Type, a.Current.Value.Type);
            }

            Assert.False(a.MoveNext());
        }
    }

    [Fact]
    public void MoreMessagesThanStartsAreCountedAndOnlyTheFirstRecorded()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessageListWriter(buffer);
        for (var i = 0; i < 5; i++)
        {
            writer.BeginMessage("m" + i, 1);
            writer.Argument("a", SpopValue.FromInt32(i));
        }

        Span<int> starts = [-1, -1, -1];
        Assert.Equal(5, MessageListReader.Index(buffer.WrittenSpan, starts));
        Assert.Equal(0, starts[0]);
        Assert.True(starts[1] > starts[0] && starts[2] > starts[1]);
        Assert.Equal("m2", MessageListReader.MessageAt(buffer.WrittenSpan, starts[2], buffer.WrittenCount).GetName());
    }

    [Fact]
    public void AMalformedLaterMessageFailsTheWholeIndex()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessageListWriter(buffer);
        writer.BeginMessage("ok", 1);
        writer.Argument("a", SpopValue.FromInt32(1));
        var payload = buffer.WrittenSpan.ToArray().Concat(new byte[] { 3, (byte)'b', (byte)'a', (byte)'d', 1 }).ToArray();

        var error = Assert.Throws<SpopException>(() => MessageListReader.Index(payload, new int[4]));
        Assert.Equal(SpopStatus.InvalidFrame, error.Status);
    }

    private static byte[] Payload(string file)
    {
        var buffer = new ReadOnlySequence<byte>(Captures.Get(file).Bytes);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 65536, out _, out var payload));
        return payload.ToArray();
    }
}
