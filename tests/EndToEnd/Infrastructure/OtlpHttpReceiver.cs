using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// An OTLP/HTTP trace intake on 127.0.0.1:0: <c>POST /v1/traces</c> with <c>application/x-protobuf</c> (gzip accepted),
/// decoded by <see cref="OtlpTraceDecoder"/>, answered with an empty <c>ExportTraceServiceResponse</c>.
/// A request it cannot decode gets 400 and its error is kept in <see cref="Errors"/>, so a test can fail on it.
/// </summary>
internal sealed class OtlpHttpReceiver : IAsyncDisposable
{
    public const string ContentType = "application/x-protobuf";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _errors;
    private readonly Func<int> _requestCount;

    private OtlpHttpReceiver(WebApplication app, Uri baseAddress, SpanCollection<ReceivedSpan> spans, ConcurrentQueue<string> errors, Func<int> requestCount)
    {
        _app = app;
        BaseAddress = baseAddress;
        Spans = spans;
        _errors = errors;
        _requestCount = requestCount;
    }

    public Uri BaseAddress { get; }

    /// <summary>The full traces URL, as given to an exporter that does not append the signal path.</summary>
    public Uri TracesEndpoint => new(BaseAddress, "/v1/traces");

    public SpanCollection<ReceivedSpan> Spans { get; }

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Export requests received (decoded or not).</summary>
    public int RequestCount => _requestCount();

    public static async Task<OtlpHttpReceiver> StartAsync()
    {
        var spans = new SpanCollection<ReceivedSpan>();
        var errors = new ConcurrentQueue<string>();
        var requests = 0;
        var (app, address) = await LoopbackWebServer.StartAsync(app => app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            Interlocked.Increment(ref requests);
            if (context.Request.ContentType != ContentType)
            {
                errors.Enqueue($"content type '{context.Request.ContentType}'");
                return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            }

            try
            {
                var body = await ReadBodyAsync(context.Request);
                spans.AddRange(OtlpTraceDecoder.Decode(body));
            }
            catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
            {
                errors.Enqueue(e.Message);
                return Results.BadRequest();
            }

            // An empty ExportTraceServiceResponse (no partial_success) encodes as zero bytes.
            return Results.Bytes([], ContentType);
        }));
        return new OtlpHttpReceiver(app, address, spans, errors, () => Volatile.Read(ref requests));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        if (request.Headers.ContentEncoding == "gzip")
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await gzip.CopyToAsync(buffer);
        }
        else
        {
            await request.Body.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }
}
