using System.Buffers;
using BenchmarkDotNet.Attributes;
using SpoaOpenTracing.Bench.SpopLoad;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>Question: what does decoding one NOTIFY cost, and does it allocate? FrameReader + validation +
/// MessageListReader + walking every argument, as the connection loop does before the handler sees a message; and
/// what the whole-payload validation pass (which keeps a malformed NOTIFY from reaching any handler) adds.</summary>
[MemoryDiagnoser]
public class NotifyDecodeBench
{
    private byte[] _captured = [];
    private byte[] _seedHttpRequest = [];

    [GlobalSetup]
    public void Setup()
    {
        _captured = Frames.CapturedNotify;
        _seedHttpRequest = Frames.SeedNotifies(RequestScript.Build(200), 1)[2];
    }

    /// <summary>The 2.6 capture: 2 messages, 15 arguments of every data type.</summary>
    [Benchmark(Baseline = true)]
    public int CapturedNotify() => Decode(_captured, validate: true);

    /// <summary>The capture without <see cref="MessageListReader.Validate"/>: one pass fewer.</summary>
    [Benchmark]
    public int CapturedNotifyWithoutValidation() => Decode(_captured, validate: false);

    /// <summary>The seed's opentracing:frontend_http_request (11 string arguments), the widest message of a request.</summary>
    [Benchmark]
    public int SeedFrontendHttpRequest() => Decode(_seedHttpRequest, validate: true);

    private static int Decode(byte[] bytes, bool validate)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        if (!FrameReader.TryReadFrame(ref buffer, SpopServerOptions.DefaultMaxFrameSize, out _, out var payload))
        {
            throw new InvalidOperationException("incomplete frame");
        }

        var span = payload.FirstSpan;
        if (validate)
        {
            MessageListReader.Validate(span);
        }

        var reader = new MessageListReader(span);
        var total = 0;
        while (reader.TryReadMessage(out var message))
        {
            total += message.Name.Length;
            foreach (var argument in message.Arguments)
            {
                total += argument.Name.Length + (int)argument.Value.Type + argument.Value.Bytes.Length;
            }
        }

        return total;
    }
}
