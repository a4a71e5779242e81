using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// An OTLP/gRPC trace intake on 127.0.0.1:0, cleartext HTTP/2 with prior knowledge (h2c): the unary
/// <c>TraceService/Export</c> call. The request body is one length-prefixed gRPC message (1-byte compressed flag,
/// 4-byte big-endian length, then the message, gzip when the flag is 1 and <c>grpc-encoding: gzip</c>), decoded by
/// <see cref="OtlpTraceDecoder"/>; the answer is an empty <c>ExportTraceServiceResponse</c> and trailers
/// <c>grpc-status: 0</c>. A call it cannot decode gets <c>grpc-status: 3</c> (INVALID_ARGUMENT) and its error is kept in
/// <see cref="Errors"/>, so a test can fail on it.
/// </summary>
internal sealed class OtlpGrpcReceiver : IAsyncDisposable
{
    public const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string ContentType = "application/grpc";
    public const int PrefixLength = 5;

    private const string InvalidArgument = "3";
    private const string Ok = "0";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _errors;
    private readonly Func<int> _callCount;

    private OtlpGrpcReceiver(WebApplication app, Uri baseAddress, SpanCollection<ReceivedSpan> spans, ConcurrentQueue<string> errors, Func<int> callCount)
    {
        _app = app;
        BaseAddress = baseAddress;
        Spans = spans;
        _errors = errors;
        _callCount = callCount;
    }

    /// <summary>The address a gRPC exporter is given; it appends <see cref="ExportPath"/> itself.</summary>
    public Uri BaseAddress { get; }

    public SpanCollection<ReceivedSpan> Spans { get; }

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Export calls received (decoded or not).</summary>
    public int CallCount => _callCount();

    public static async Task<OtlpGrpcReceiver> StartAsync()
    {
        var spans = new SpanCollection<ReceivedSpan>();
        var errors = new ConcurrentQueue<string>();
        var calls = 0;
        var (app, address) = await LoopbackWebServer.StartAsync(app => app.MapPost(ExportPath, async context =>
        {
            Interlocked.Increment(ref calls);
            var request = context.Request;
            if (request.Protocol != HttpProtocol.Http2 || request.ContentType?.StartsWith(ContentType, StringComparison.Ordinal) != true)
            {
                // gRPC's answer to a request that is not gRPC: HTTP 415, no gRPC status.
                errors.Enqueue($"{request.Protocol} request with content type '{request.ContentType}'");
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }

            context.Response.ContentType = ContentType;
            try
            {
                var message = ReadUnaryMessage(await ReadBodyAsync(request), request.Headers["grpc-encoding"].ToString());
                spans.AddRange(OtlpTraceDecoder.Decode(message));
            }
            catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
            {
                errors.Enqueue(e.Message);
                context.Response.AppendTrailer("grpc-status", InvalidArgument);
                context.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(e.Message));
                return;
            }

            // An empty ExportTraceServiceResponse (no partial_success) is zero bytes: only the prefix goes out.
            await context.Response.Body.WriteAsync(new byte[PrefixLength]);
            context.Response.AppendTrailer("grpc-status", Ok);
        }), HttpProtocols.Http2);
        return new OtlpGrpcReceiver(app, address, spans, errors, () => Volatile.Read(ref calls));
    }

    /// <summary>The one message of a unary call's body, decompressed.</summary>
    /// <exception cref="InvalidDataException">No prefix, a length that is not the rest of the body, an unknown
    /// compressed flag, or a compressed message without <c>grpc-encoding: gzip</c>.</exception>
    public static byte[] ReadUnaryMessage(byte[] body, string encoding)
    {
        if (body.Length < PrefixLength)
        {
            throw new InvalidDataException($"a gRPC body of {body.Length} bytes has no {PrefixLength}-byte message prefix");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (length != body.Length - PrefixLength)
        {
            throw new InvalidDataException($"the gRPC prefix announces {length} bytes but {body.Length - PrefixLength} follow (a unary call carries one message)");
        }

        var message = body[PrefixLength..];
        return body[0] switch
        {
            0 => message,
            1 when encoding == "gzip" => Gunzip(message),
            1 => throw new InvalidDataException($"a compressed gRPC message with grpc-encoding '{encoding}'"),
            var flag => throw new InvalidDataException($"gRPC compressed flag {flag}"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
