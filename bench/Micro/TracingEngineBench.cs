using BenchmarkDotNet.Attributes;
using SpoaOpenTracing.Bench.SpopLoad;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>Question: what does the span engine cost per message? One seed request (8 NOTIFYs, 10 messages,
/// 9 spans) per operation through <see cref="TracingEngine"/>, spans recorded and ended into a listener that discards
/// them, the records going back to the pool as after an export (<see cref="SeedRequest"/>), or with no exporter at all, as <c>-T none</c> runs (<see cref="SeedRequestExporterNone"/>);
/// results are per message.</summary>
[MemoryDiagnoser]
public class TracingEngineBench
{
    private const int MessagesPerRequest = 10;

    private readonly byte[] _ackBuffer = new byte[16384];
    private TracingEngine _engine = null!;
    private TracingEngine _engineWithoutExport = null!;
    private RequestScript _script = null!;
    private byte[][] _payloads = [];
    private byte[] _id = [];
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _script = RequestScript.Build(200);
        _payloads = _script.Payloads.Select(p => (byte[])p.Clone()).ToArray();
        _id = new byte[RequestScript.IdLength];
        _engine = EngineRequests.DiscardingEngine();
        _engineWithoutExport = new TracingEngine(new TracingOptions { Exporter = ExporterKind.None });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _engineWithoutExport.Dispose();
    }

    [Benchmark(OperationsPerInvoke = MessagesPerRequest)]
    public int SeedRequest() => Run(_engine);

    [Benchmark(OperationsPerInvoke = MessagesPerRequest)]
    public int SeedRequestExporterNone() => Run(_engineWithoutExport);

    private int Run(TracingEngine engine)
    {
        // A new trace key per request, as HAProxy's unique-id gives.
        EngineRequests.WriteUniqueId(_id, ++_sequence);
        RequestScript.PatchId(_payloads, _script.IdOffsets, _id);
        var written = 0;
        foreach (var payload in _payloads)
        {
            written += EngineRequests.Handle(engine, payload, _ackBuffer);
        }

        return written;
    }
}
