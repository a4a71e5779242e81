using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>
/// OTLP/gRPC: one unary TraceService/Export call per request over HTTP/2 (cleartext with prior knowledge for
/// http://, TLS with ALPN h2 for https://), in gRPC's length-prefixed framing, the outcome read from
/// <c>grpc-status</c>. HttpClient has no synchronous HTTP/2 send, so the export thread waits on an asynchronous one
/// whose socket events and continuations go through the runtime's epoll and thread-pool threads (BENCHMARKS.md):
/// prefer OTLP/HTTP where the collector offers both.
/// </summary>
internal sealed class GrpcExportTransport : IExportTransport
{
    public const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private const int FrameHeaderLength = 5;

    private static readonly Func<(GrpcExportTransport Transport, ReadOnlyMemory<byte> Message), TimeSpan, AttemptOutcome> s_attempt =
        static (state, remaining) => state.Transport.Attempt(state.Message, remaining);

    private static readonly MediaTypeHeaderValue s_contentType = new("application/grpc");

    private readonly HttpClient _client;
    private readonly Uri _requestUri;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly GzipBuffer? _gzip;
    private readonly RetryPolicy _policy;
    private readonly TransportSecurity? _tls;
    private byte[] _frame = [];
    private CancellationTokenSource _cancel = new();

    /// <param name="endpoint">The collector's base URL (http or https); the Export method's path is appended.</param>
    public GrpcExportTransport(Uri endpoint, IEnumerable<KeyValuePair<string, string>> headers, ExportCompression compression,
        TransportSecurity? tls, RetryPolicy policy)
    {
        _requestUri = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + ExportPath);
        _headers = headers.ToArray();
        _gzip = compression == ExportCompression.Gzip ? new GzipBuffer() : null;
        _policy = policy;
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false };
        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            _tls = tls ?? TransportSecurity.FromFiles(null, null, null);
            handler.SslOptions = _tls.ClientOptions(endpoint.IdnHost);
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public ExportResult Send(ReadOnlyMemory<byte> body) => _policy.Run(s_attempt, (this, Frame(body)));

    public void Dispose()
    {
        _client.Dispose();
        _cancel.Dispose();
        _tls?.Dispose();
    }

    /// <summary>The gRPC message: a compressed flag, the big-endian length, then the (maybe gzipped) protobuf.</summary>
    private ReadOnlyMemory<byte> Frame(ReadOnlyMemory<byte> body)
    {
        Memory<byte> frame;
        if (_gzip is not null)
        {
            frame = _gzip.Compress(body.Span, FrameHeaderLength);
        }
        else
        {
            var length = FrameHeaderLength + body.Length;
            if (_frame.Length < length)
            {
                _frame = new byte[Math.Max(length, _frame.Length * 2)];
            }

            body.Span.CopyTo(_frame.AsSpan(FrameHeaderLength));
            frame = _frame.AsMemory(0, length);
        }

        frame.Span[0] = _gzip is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt32BigEndian(frame.Span[1..], (uint)(frame.Length - FrameHeaderLength));
        return frame;
    }

    private AttemptOutcome Attempt(ReadOnlyMemory<byte> message, TimeSpan remaining)
    {
        if (remaining <= TimeSpan.Zero)
        {
            return AttemptOutcome.Drop(ExportFailureReason.Timeout);
        }

        if (!_cancel.TryReset())
        {
            _cancel.Dispose();
            _cancel = new CancellationTokenSource();
        }

        _cancel.CancelAfter(remaining);
        using var request = new HttpRequestMessage(HttpMethod.Post, _requestUri)
        {
            Content = new ReadOnlyMemoryContent(message),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = s_contentType;
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout(remaining));
        if (_gzip is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        }

        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, _cancel.Token).GetAwaiter().GetResult();
            return Classify(response);
        }
        catch (OperationCanceledException)
        {
            return AttemptOutcome.Drop(ExportFailureReason.Timeout);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || e.InnerException is SocketException or AuthenticationException)
        {
            return AttemptOutcome.Drop(ExportFailureReason.Unreachable);
        }
        catch (HttpRequestException)
        {
            // A stream or connection reset before the answer (gRPC's UNAVAILABLE): worth sending again.
            return AttemptOutcome.Retry(ExportFailureReason.Transport);
        }
        catch (IOException)
        {
            return AttemptOutcome.Retry(ExportFailureReason.Transport);
        }
    }

    /// <summary>What the last failed attempt got (grpc-status and grpc-message), for logs.</summary>
    public string? LastFailure { get; private set; }

    private AttemptOutcome Classify(HttpResponseMessage response)
    {
        // A trailers-only answer (an error without a message) puts grpc-status in the headers.
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        int code;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            code = GrpcStatus.FromHttpStatus((int)response.StatusCode);
        }
        else if (status is null || !int.TryParse(status, out code))
        {
            LastFailure = "HTTP 200 without grpc-status";
            return AttemptOutcome.Drop(ExportFailureReason.Transport);
        }

        if (code == GrpcStatus.Ok)
        {
            return AttemptOutcome.Success;
        }

        LastFailure = $"grpc-status {code}: {Message(response)}";
        var details = Header(response.TrailingHeaders, "grpc-status-details-bin") ?? Header(response.Headers, "grpc-status-details-bin");
        var retryDelay = GrpcStatus.RetryDelay(details);
        return GrpcStatus.IsRetryable(code, retryDelay is not null)
            ? AttemptOutcome.Retry(ExportFailureReason.RetriesExhausted, retryDelay)
            : AttemptOutcome.Drop(ExportFailureReason.Rejected);
    }

    /// <summary>grpc-message, percent-decoded as gRPC sends it.</summary>
    private static string Message(HttpResponseMessage response) =>
        (Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message")) is { } text
            ? Uri.UnescapeDataString(text)
            : string.Empty;

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    /// <summary>The deadline in gRPC's form: at most 8 digits and a unit.</summary>
    internal static string GrpcTimeout(TimeSpan remaining)
    {
        var milliseconds = (long)Math.Ceiling(remaining.TotalMilliseconds);
        return milliseconds < 100_000_000 ? milliseconds + "m" : Math.Min((long)remaining.TotalSeconds, 99_999_999) + "S";
    }
}
