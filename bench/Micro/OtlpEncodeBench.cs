using BenchmarkDotNet.Attributes;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Otlp;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>Question: what does encoding a span to OTLP protobuf cost, and does a warm exporter allocate? A full
/// batch (<see cref="BatchSize"/>, the OTEL_BSP_MAX_EXPORT_BATCH_SIZE default) of seed-shaped spans (the seed trace's
/// names, a server/client kind, eight attributes, an event on every third span, a follows-from link on every ninth)
/// per operation; results are per span.</summary>
[MemoryDiagnoser]
public class OtlpEncodeBench
{
    private const int BatchSize = 512;

    private static readonly string[] s_names =
    [
        "HAProxy session", "Client session", "Frontend TCP request", "Frontend HTTP request", "Backend TCP request",
        "Backend HTTP request", "Server session", "TCP response", "HTTP response",
    ];

    private OtlpTraceEncoder _encoder = null!;
    private SpanRecord[] _spans = [];
    private ExportResource _resource = null!;

    [GlobalSetup]
    public void Setup()
    {
        _resource = ExportResource.From(new SpoaOpenTracing.Tracing.TracingOptions { ServiceName = "haproxy" }, "spoa-opentracing");
        _spans = new SpanRecord[BatchSize];
        var trace = IdGenerator.NewTraceId();
        var parent = IdGenerator.NewSpanId();
        for (var i = 0; i < BatchSize; i++)
        {
            var span = new SpanRecord
            {
                TraceId = i % 9 == 0 ? trace = IdGenerator.NewTraceId() : trace,
                SpanId = IdGenerator.NewSpanId(),
                ParentSpanId = i % 9 == 0 ? default : parent,
                Name = s_names[i % 9],
                Kind = i % 2 == 0 ? SpanKind.Server : SpanKind.Client,
                StartUnixNano = 1_795_514_400_000_000_000 + (i * 1_000L),
                EndUnixNano = 1_795_514_400_000_500_000 + (i * 1_000L),
            };
            span.SetAttribute("http.method", "GET");
            span.SetAttribute("http.url", "/api/v1/items?id=42");
            span.SetAttribute("http.status_code", 200L);
            span.SetAttribute("net.peer.ip", "127.0.0.1");
            span.SetAttribute("net.peer.port", 54_321L);
            span.SetAttribute("haproxy.frontend", "fe_main");
            span.SetAttribute("haproxy.backend", "be_app");
            span.SetAttribute("haproxy.unique_id", "7f000001:d431_7f000001:0050_6751f2a0_0001:1a2b");
            if (i % 3 == 0)
            {
                span.AddEvent("response", span.EndUnixNano - 100, new SpanAttribute("bytes", 1_234L));
            }

            if (i % 9 == 8)
            {
                span.AddLink(trace, parent, null, [new SpanAttribute("opentracing.ref_type", "follows_from")]);
            }

            parent = span.SpanId;
            _spans[i] = span;
        }

        _encoder = new OtlpTraceEncoder(_resource);
        _encoder.Encode(_spans);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeBatch() => _encoder.Encode(_spans).Length;
}
