using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>Question: what does the engine cost per request with the semconv preset (examples/spoe-semconv.cfg)?
/// One request = its two NOTIFYs as HAProxy 2.6 fills them for a plain GET without incoming context: the request
/// message (40 arguments: time, context headers, SERVER and CLIENT spans with their tags, <c>inject=</c>) and the
/// response message (15 arguments); spans into an exporter that discards them. Results are per request.</summary>
[MemoryDiagnoser]
public class SemconvEngineBench
{
    private const int IdLength = 42;

    private readonly byte[] _ackBuffer = new byte[16384];
    private TracingEngine _engine = null!;
    private byte[] _request = [];
    private byte[] _response = [];
    private int _requestIdOffset;
    private int _responseIdOffset;
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var placeholder = new string('#', IdLength);
        _request = Payload(writer => writer
            .BeginMessage("opentracing:semconv_request", 40)
            .Argument("id", placeholder)
            .Argument("ts", SpopValue.FromInt64(1_764_000_000_000_000))
            .Argument("traceparent", SpopValue.Null)
            .Argument("tracestate", SpopValue.Null)
            .Argument("baggage-header", SpopValue.Null)
            .Argument("span", "server").Argument("kind", "server").Argument("name", "GET")
            .Argument("tag", "http.request.method").Argument("", "GET")
            .Argument("tag", "url.path").Argument("", "/index.html")
            .Argument("tag", "url.scheme").Argument("", "http")
            .Argument("tag", "url.query").Argument("", SpopValue.Null)
            .Argument("tag", "server.address").Argument("", "127.0.0.1")
            .Argument("tag", "server.port").Argument("", SpopValue.FromInt32(10080))
            .Argument("tag", "client.address").Argument("", SpopValue.FromAddress([127, 0, 0, 1]))
            .Argument("tag", "network.protocol.version").Argument("", "1.1")
            .Argument("tag", "user_agent.original").Argument("", "wrk")
            .Argument("tag", "haproxy.frontend").Argument("", "semconv-frontend")
            .Argument("span", "client").Argument("child-of", "server").Argument("kind", "client").Argument("name", "GET")
            .Argument("tag", "http.request.method").Argument("", "GET")
            .Argument("tag", "url.full").Argument("", "http").Argument("", "://").Argument("", "127.0.0.1:10080").Argument("", "/index.html")
            .Argument("inject", "client"));
        _response = Payload(writer => writer
            .BeginMessage("opentracing:semconv_response", 15)
            .Argument("id", placeholder)
            .Argument("ts", SpopValue.FromInt64(1_764_000_000_000_500))
            .Argument("span", "client").Argument("http-status", SpopValue.FromInt32(200))
            .Argument("tag", "server.address").Argument("", SpopValue.FromAddress([127, 0, 0, 1]))
            .Argument("tag", "server.port").Argument("", SpopValue.FromInt32(8000))
            .Argument("tag", "haproxy.backend").Argument("", "servers-backend")
            .Argument("tag", "haproxy.server").Argument("", "server-1")
            .Argument("span", "server").Argument("http-status", SpopValue.FromInt32(200))
            .Argument("finish", "*"));
        foreach (var payload in new[] { _request, _response })
        {
            // A wrong count above would shift every argument after it: check each payload reads as one message.
            if (MessageListReader.Validate(payload) != 1)
            {
                throw new InvalidOperationException("a semconv payload does not read as exactly one message");
            }
        }

        var marker = Encoding.ASCII.GetBytes(placeholder);
        _requestIdOffset = _request.AsSpan().IndexOf(marker);
        _responseIdOffset = _response.AsSpan().IndexOf(marker);
        _engine = EngineRequests.DiscardingEngine();
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public int SemconvRequest()
    {
        // A new unique id per request, as HAProxy's unique-id-format gives.
        var id = _request.AsSpan(_requestIdOffset, IdLength);
        EngineRequests.WriteUniqueId(id, ++_sequence);
        id.CopyTo(_response.AsSpan(_responseIdOffset, IdLength));
        return EngineRequests.Handle(_engine, _request, _ackBuffer) + EngineRequests.Handle(_engine, _response, _ackBuffer);
    }

    private static byte[] Payload(Action<MessageListWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new MessageListWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
