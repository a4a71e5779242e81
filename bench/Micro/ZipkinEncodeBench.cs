using BenchmarkDotNet.Attributes;
using SpoaOpenTracing.Tracing.Export.Zipkin;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>Question: what does Zipkin JSON encoding cost per span, and does it allocate once its buffer is warm?
/// A batch of 512 seed-like spans (the default batch size): 3 string attributes, one int, a follows-from link on
/// every other span and a log event on every fourth. Reported per span (OperationsPerInvoke).</summary>
[MemoryDiagnoser]
public class ZipkinEncodeBench
{
    private const int BatchSize = 512;

    private readonly SpanRecord[] _batch = new SpanRecord[BatchSize];
    private readonly ZipkinJsonEncoder _encoder = new(new ZipkinLocalEndpoint("haproxy", "127.0.0.1", null), "spoa-opentracing", "1.0.0");

    [GlobalSetup]
    public void Setup()
    {
        var trace = IdGenerator.NewTraceId();
        var start = 1_767_323_045_000_000_000L;
        for (var i = 0; i < BatchSize; i++)
        {
            var span = new SpanRecord
            {
                TraceId = trace,
                SpanId = IdGenerator.NewSpanId(),
                ParentSpanId = i == 0 ? default : _batch[i - 1].SpanId,
                Name = "Frontend HTTP request",
                Kind = i % 3 == 0 ? SpanKind.Server : SpanKind.Internal,
                StartUnixNano = start + (i * 1000L),
                EndUnixNano = start + (i * 1000L) + 153_000,
            };
            span.SetAttribute("http.method", "GET");
            span.SetAttribute("http.url", "/index.html?user=demo");
            span.SetAttribute("http.version", "HTTP/1.1");
            span.SetAttribute("http.status_code", 200L);
            if (i % 2 == 1)
            {
                span.AddLink(trace, _batch[i - 1].SpanId, null, [new("opentracing.ref_type", "follows_from")]);
            }

            if (i % 4 == 0)
            {
                span.AddEvent("log", start + (i * 1000L) + 50_000, new SpanAttribute("log", "backend chosen"));
            }

            _batch[i] = span;
        }

        _encoder.Encode(_batch);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeBatchPerSpan() => _encoder.Encode(_batch).Length;
}
