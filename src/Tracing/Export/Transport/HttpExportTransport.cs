using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>
/// HTTP/1.1 POST of encoded export requests (OTLP protobuf to <c>/v1/traces</c>, Zipkin JSON to its URL), sent
/// synchronously on the export thread over a blocking socket of its own (<see cref="BlockingConnector"/>).
/// </summary>
internal sealed class HttpExportTransport : IExportTransport
{
    private static readonly Func<(HttpExportTransport Transport, ReadOnlyMemory<byte> Body), TimeSpan, AttemptOutcome> s_attempt =
        static (state, remaining) => state.Transport.Attempt(state.Body, remaining);

    private readonly HttpClient _client;
    private readonly BlockingConnector _connector;
    private readonly Uri _requestUri;
    private readonly string? _host;
    private readonly string _contentType;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly GzipBuffer? _gzip;
    private readonly RetryPolicy _policy;
    private readonly TransportSecurity? _tls;

    /// <param name="url">The full URL requests go to (http or https).</param>
    /// <param name="tls">For https: the CA and client certificate to use; null = the system's trust store.</param>
    public HttpExportTransport(Uri url, string contentType, IEnumerable<KeyValuePair<string, string>> headers,
        ExportCompression compression, TransportSecurity? tls, RetryPolicy policy)
    {
        _contentType = contentType;
        _headers = headers.ToArray();
        _gzip = compression == ExportCompression.Gzip ? new GzipBuffer() : null;
        _policy = policy;
        var https = url.Scheme == Uri.UriSchemeHttps;
        _tls = https ? tls ?? TransportSecurity.FromFiles(null, null, null) : null;
        _connector = new BlockingConnector(TimeSpan.FromSeconds(10), _tls);
        _client = new HttpClient(_connector.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        if (https)
        {
            // The connector speaks TLS itself, so the handler must see a plain http URL; Host stays the real one.
            _requestUri = new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Port = url.Port }.Uri;
            _host = url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port}";
        }
        else
        {
            _requestUri = url;
        }
    }

    internal BlockingConnector Connector => _connector;

    public ExportResult Send(ReadOnlyMemory<byte> body)
    {
        var content = _gzip is null ? body : _gzip.Compress(body.Span);
        return _policy.Run(s_attempt, (this, content));
    }

    public void Dispose()
    {
        _client.Dispose();
        _tls?.Dispose();
    }

    private AttemptOutcome Attempt(ReadOnlyMemory<byte> body, TimeSpan remaining)
    {
        if (remaining <= TimeSpan.Zero)
        {
            return AttemptOutcome.Drop(ExportFailureReason.Timeout);
        }

        _connector.Bound(remaining);
        using var request = new HttpRequestMessage(HttpMethod.Post, _requestUri) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", _contentType);
        if (_gzip is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Encoding", "gzip");
        }

        if (_host is not null)
        {
            request.Headers.Host = _host;
        }

        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = _client.Send(request, HttpCompletionOption.ResponseContentRead);
            return Classify(response);
        }
        catch (HttpRequestException e)
        {
            return Classify(e);
        }
        catch (IOException e)
        {
            return IsTimeout(e) ? AttemptOutcome.Drop(ExportFailureReason.Timeout) : AttemptOutcome.Retry(ExportFailureReason.Transport);
        }
    }

    /// <summary>What the last failed answer was, for logs.</summary>
    public string? LastFailure { get; private set; }

    private AttemptOutcome Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return AttemptOutcome.Success;
        }

        LastFailure = $"HTTP {status} {response.ReasonPhrase}";
        return IsRetryable(response.StatusCode)
            ? AttemptOutcome.Retry(ExportFailureReason.RetriesExhausted, _policy.RetryAfter(response.Headers.RetryAfter))
            : AttemptOutcome.Drop(ExportFailureReason.Rejected);
    }

    /// <summary>The OTLP/HTTP spec's retryable statuses; every other 4xx and 5xx must not be retried.</summary>
    internal static bool IsRetryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static AttemptOutcome Classify(HttpRequestException e)
    {
        if (IsTimeout(e))
        {
            return AttemptOutcome.Drop(ExportFailureReason.Timeout);
        }

        // Nobody to talk to: a refused or failed connect drops the batch at once, so a dead collector costs the
        // export thread one connect per batch, not the whole export timeout.
        if (e.HttpRequestError == HttpRequestError.ConnectionError || e.HttpRequestError == HttpRequestError.NameResolutionError
            || e.InnerException is SocketException or AuthenticationException)
        {
            return AttemptOutcome.Drop(ExportFailureReason.Unreachable);
        }

        // The spec's "server disconnects without returning a response": worth sending again.
        return AttemptOutcome.Retry(ExportFailureReason.Transport);
    }

    internal static bool IsTimeout(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
            {
                return true;
            }
        }

        return false;
    }
}
