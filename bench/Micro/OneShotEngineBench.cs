using System.Buffers;
using BenchmarkDotNet.Attributes;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>Question: what does the engine cost per request with the one-exchange preset (examples/spoe-oneshot.cfg),
/// next to <see cref="SemconvEngineBench"/>? One request = its one message as HAProxy 2.6 fills it for a plain GET
/// without incoming context (25 arguments: the ids HAProxy minted, four µs times, the attributes; the capture in
/// tests/Tracing.Tests/Requests/Captures has the same shape); both spans into an exporter that discards them.</summary>
[MemoryDiagnoser]
public class OneShotEngineBench
{
    private readonly byte[] _ackBuffer = new byte[16384];
    private TracingEngine _engine = null!;
    private byte[] _message = [];

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new ArrayBufferWriter<byte>();
        new MessageListWriter(buffer)
            .BeginMessage("opentracing:request", 25)
            .Argument("trace-id", "eb855bbfea8840b68fbac00c52042fbf")
            .Argument("server-span-id", "86760851e51b4892")
            .Argument("parent-span-id", SpopValue.Null)
            .Argument("client-span-id", "1dfafe8411f04797")
            .Argument("tracestate", SpopValue.Null)
            .Argument("ts-start", SpopValue.FromInt64(1_764_000_000_000_000))
            .Argument("ts-backend", SpopValue.FromInt64(1_764_000_000_000_000))
            .Argument("ts-response", SpopValue.FromInt64(1_764_000_000_000_400))
            .Argument("ts-end", SpopValue.FromInt64(1_764_000_000_000_400))
            .Argument("method", "GET")
            .Argument("path", "/index.html")
            .Argument("query", SpopValue.Null)
            .Argument("scheme", "http")
            .Argument("host", "127.0.0.1")
            .Argument("http-version", "1.1")
            .Argument("user-agent", SpopValue.Null)
            .Argument("client-address", SpopValue.FromAddress([127, 0, 0, 1]))
            .Argument("client-port", SpopValue.FromInt64(40000))
            .Argument("frontend-port", SpopValue.FromInt64(10080))
            .Argument("status", SpopValue.FromInt64(200))
            .Argument("frontend", "oneshot-frontend")
            .Argument("backend", "servers-backend")
            .Argument("server", "server-1")
            .Argument("server-address", SpopValue.FromAddress([127, 0, 0, 1]))
            .Argument("server-port", SpopValue.FromInt64(8000));
        _message = buffer.WrittenSpan.ToArray();
        // A wrong count above would shift every argument after it: check the payload reads as one message.
        if (MessageListReader.Validate(_message) != 1)
        {
            throw new InvalidOperationException("the one-exchange payload does not read as exactly one message");
        }

        _engine = EngineRequests.DiscardingEngine();
        // And that it is recorded, not refused: the benchmark measures the two spans, not an error path.
        EngineRequests.Handle(_engine, _message, _ackBuffer);
        if (_engine.Metrics.SpansFinished != 2 || _engine.Metrics.MessageErrors + _engine.Metrics.ArgumentErrors != 0)
        {
            throw new InvalidOperationException("the one-exchange payload did not give its two spans cleanly");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public int OneShotRequest() => EngineRequests.Handle(_engine, _message, _ackBuffer);
}
