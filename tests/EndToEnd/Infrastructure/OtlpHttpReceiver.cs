using System.Collections.Concurrent;
using System.IO.Compression;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// An OTLP/HTTP trace intake: <c>POST /v1/traces</c> with <c>application/x-protobuf</c> (gzip accepted) reaching the
/// tests' one HTTP receiver, decoded by <see cref="OtlpTraceDecoder"/>, answered with an empty
/// <c>ExportTraceServiceResponse</c>. A request it cannot decode gets 400 (415 for another content type) and its error
/// is kept in <see cref="Errors"/>, so a test can fail on it.
/// </summary>
internal sealed class OtlpHttpReceiver : IAsyncDisposable
{
    public const string ContentType = "application/x-protobuf";

    private readonly LoopbackHttpReceiver _http;
    private readonly ConcurrentQueue<string> _errors = new();

    private OtlpHttpReceiver()
    {
        _http = LoopbackHttpReceiver.Start(Decode);
    }

    public Uri BaseAddress => _http.BaseUri;

    /// <summary>The full traces URL, as given to an exporter that does not append the signal path.</summary>
    public Uri TracesEndpoint => new(BaseAddress, "/v1/traces");

    public SpanCollection<ReceivedSpan> Spans { get; } = new();

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Export requests received (decoded or not).</summary>
    public int RequestCount => _http.RequestCount;

    public static Task<OtlpHttpReceiver> StartAsync() => Task.FromResult(new OtlpHttpReceiver());

    /// <summary>Options for an in-process engine exporting here: OTLP/HTTP, short export delay, and a queue and batch
    /// large enough that a load test never sees a dropped span (which would read as a missing one).</summary>
    public TracingOptions EngineOptions(string serviceName, int maxQueue = 16_384) => new()
    {
        ServiceName = serviceName,
        Exporter = ExporterKind.Otlp,
        OtlpProtocol = OtlpProtocol.HttpProtobuf,
        Endpoint = BaseAddress,
        ScheduledExportDelay = TimeSpan.FromMilliseconds(100),
        MaxExportQueueSize = maxQueue,
        MaxExportBatchSize = 2_048,
    };

    public ValueTask DisposeAsync() => _http.DisposeAsync();

    private HttpAnswer Decode(ReceivedRequest request)
    {
        if (request.Method != "POST" || request.PathAndQuery != "/v1/traces")
        {
            return new HttpAnswer(404);
        }

        if (request.Headers.GetValueOrDefault("content-type") != ContentType)
        {
            _errors.Enqueue($"content type '{request.Headers.GetValueOrDefault("content-type")}'");
            return new HttpAnswer(415);
        }

        try
        {
            Spans.AddRange(OtlpTraceDecoder.Decode(Body(request)));
        }
        catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
        {
            _errors.Enqueue(e.Message);
            return new HttpAnswer(400);
        }

        // An empty ExportTraceServiceResponse (no partial_success) encodes as zero bytes.
        return new HttpAnswer(200, ContentType);
    }

    private static byte[] Body(ReceivedRequest request)
    {
        if (request.Headers.GetValueOrDefault("content-encoding") != "gzip")
        {
            return request.Body;
        }

        using var gzip = new GZipStream(new MemoryStream(request.Body), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
