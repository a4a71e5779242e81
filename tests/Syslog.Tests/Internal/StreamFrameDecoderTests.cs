using System.Buffers;
using System.Text;
using SpoaOpenTracing.Spop.Tests.Support;
using SpoaOpenTracing.Syslog.Internal;

namespace SpoaOpenTracing.Syslog.Tests.Internal;

public sealed class StreamFrameDecoderTests
{
    private const int Max = 64;

    /// <summary>Every result in order, frames as text, for a stream fed in one piece.</summary>
    private static List<string> Decode(ReadOnlySequence<byte> stream, int max = Max)
    {
        var decoder = new StreamFrameDecoder(max);
        var results = new List<string>();
        while (true)
        {
            var result = decoder.TryRead(ref stream, out var frame);
            if (result == StreamFrameResult.NeedMore)
            {
                if (!stream.IsEmpty)
                {
                    results.Add($"rest {stream.Length}");
                }

                return results;
            }

            results.Add(result == StreamFrameResult.Frame ? Encoding.UTF8.GetString(frame) : result.ToString());
            if (result == StreamFrameResult.BadFraming)
            {
                return results;
            }
        }
    }

    private static List<string> Decode(string stream, int max = Max) => Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(stream)), max);

    /// <summary>The stream fed in pieces of <paramref name="chunk"/> bytes, as a socket might deliver it, keeping the
    /// unconsumed rest in front of the next piece (a pipe's contract).</summary>
    private static List<string> DecodeInChunks(byte[] stream, int chunk, int max = Max)
    {
        var decoder = new StreamFrameDecoder(max);
        var results = new List<string>();
        var pending = Array.Empty<byte>();
        for (var offset = 0; offset < stream.Length; offset += chunk)
        {
            var piece = stream.AsSpan(offset, Math.Min(chunk, stream.Length - offset));
            var buffer = Sequences.OneBytePerSegment([.. pending, .. piece]);
            while (true)
            {
                var result = decoder.TryRead(ref buffer, out var frame);
                if (result == StreamFrameResult.NeedMore)
                {
                    break;
                }

                results.Add(result == StreamFrameResult.Frame ? Encoding.UTF8.GetString(frame.ToArray()) : result.ToString());
                if (result == StreamFrameResult.BadFraming)
                {
                    return results;
                }
            }

            pending = buffer.ToArray();
        }

        if (pending.Length > 0)
        {
            results.Add($"rest {pending.Length}");
        }

        return results;
    }

    [Fact]
    public void OctetCounting_SeveralFramesInOneRead()
    {
        Assert.Equal(["<1>a", "<2>bc", "<3>"], Decode("4 <1>a5 <2>bc3 <3>"));
    }

    [Fact]
    public void LineFeed_SeveralFramesInOneRead_LfNotInTheFrame()
    {
        Assert.Equal(["<1>a", "<2>bc\r", "<3>"], Decode("<1>a\n<2>bc\r\n<3>\n"));
    }

    [Theory]
    [InlineData("tcp-ring-octet-count")]
    [InlineData("tcp-ring-legacy")]
    public void CapturedRing_EveryChunkSizeGivesTheSameTwoFrames(string capture)
    {
        var stream = Support.Captures.Read(capture);
        var whole = Decode(new ReadOnlySequence<byte>(stream), 1024);
        Assert.Equal(2, whole.Count);
        Assert.All(whole, f => Assert.StartsWith("<134>1 2026-12-03T12:", f, StringComparison.Ordinal));

        foreach (var chunk in new[] { 1, 2, 3, 7, 100, 213, 214 })
        {
            Assert.Equal(whole, DecodeInChunks(stream, chunk, 1024));
        }
    }

    [Fact]
    public void EveryTruncation_NeedsMoreAndConsumesNothing()
    {
        foreach (var frame in new[] { "12 <134>message", "<134>message\n" })
        {
            var bytes = Encoding.UTF8.GetBytes(frame);
            for (var cut = 1; cut < bytes.Length; cut++)
            {
                var decoder = new StreamFrameDecoder(Max);
                var buffer = Sequences.OneBytePerSegment(bytes.AsSpan(0, cut));
                Assert.Equal(StreamFrameResult.NeedMore, decoder.TryRead(ref buffer, out _));
                Assert.Equal(cut, buffer.Length);
            }
        }
    }

    [Fact]
    public void OctetCounting_MaxFitsAndMaxPlusOneIsSkipped_TheNextFrameStillReads()
    {
        var atMax = "<1>" + new string('a', Max - 3);
        var overMax = "<1>" + new string('b', Max - 2);

        Assert.Equal([atMax, "Oversized", "<2>next"], Decode($"{Max} {atMax}{Max + 1} {overMax}7 <2>next"));
        Assert.Equal([atMax, "Oversized", "<2>next"], DecodeInChunks(Encoding.UTF8.GetBytes($"{Max} {atMax}{Max + 1} {overMax}7 <2>next"), 5));
    }

    [Fact]
    public void OctetCounting_OversizedIsRefusedBeforeItsBody()
    {
        var decoder = new StreamFrameDecoder(Max);
        var buffer = new ReadOnlySequence<byte>("999999 <1>"u8.ToArray());

        Assert.Equal(StreamFrameResult.Oversized, decoder.TryRead(ref buffer, out _));
        Assert.Equal(StreamFrameResult.NeedMore, decoder.TryRead(ref buffer, out _));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void LineFeed_OversizedLineIsSkippedToItsLf_EvenAcrossReads()
    {
        var longLine = "<1>" + new string('x', 3 * Max);

        Assert.Equal(["<1>a", "Oversized", "<2>b"], Decode($"<1>a\n{longLine}\n<2>b\n"));
        Assert.Equal(["<1>a", "Oversized", "<2>b"], DecodeInChunks(Encoding.UTF8.GetBytes($"<1>a\n{longLine}\n<2>b\n"), 10));
        Assert.Equal(["<1>a", "Oversized", "<2>b"], DecodeInChunks(Encoding.UTF8.GetBytes($"<1>a\n{longLine}\n<2>b\n"), 1));
    }

    [Theory]
    [InlineData("hello\n")]
    [InlineData(" 12 <1>x")]
    [InlineData("-1 <1>x")]
    [InlineData("012 <1>x")]
    [InlineData("12x<1>x")]
    [InlineData("1234567890 <1>x")]
    [InlineData("4 <1>a<1>b")]
    public void BrokenFraming_IsReported(string stream)
    {
        Assert.Equal("BadFraming", Decode(stream)[^1]);
    }

    [Fact]
    public void LineFeed_LaterLinesNeedNoAngleBracket()
    {
        Assert.Equal(["<1>a", "raw line", ""], Decode("<1>a\nraw line\n\n"));
    }

    [Fact]
    public void IncompleteFrameAtTheEnd_StaysInTheBuffer()
    {
        Assert.Equal(["<1>a", "rest 4"], Decode("4 <1>a9 <1"));
        Assert.Equal(["<1>a", "rest 3"], Decode("<1>a\n<2>"));
    }
}
