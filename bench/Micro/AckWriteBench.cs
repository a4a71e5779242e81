using System.Buffers;
using BenchmarkDotNet.Attributes;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>Question: what does encoding an ACK cost? FrameWriter.BeginAck/EndAck with the filler action (what
/// every seed message gets) and with one SET-VAR (what propagation adds).</summary>
[MemoryDiagnoser]
public class AckWriteBench
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);

    [Benchmark(Baseline = true)]
    public int EmptyAck()
    {
        _output.ResetWrittenCount();
        var actions = FrameWriter.BeginAck(_output, 12345, 3, SpopServerOptions.DefaultMaxFrameSize, out var frame, out var headerEnd);
        FrameWriter.EndAck(_output, frame, headerEnd, in actions);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int AckWithTraceparent()
    {
        _output.ResetWrittenCount();
        var actions = FrameWriter.BeginAck(_output, 12345, 3, SpopServerOptions.DefaultMaxFrameSize, out var frame, out var headerEnd);
        actions.SetVar(VarScope.Transaction, "traceparent"u8,
            SpopValue.FromString("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8));
        FrameWriter.EndAck(_output, frame, headerEnd, in actions);
        return _output.WrittenCount;
    }
}
