using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SpoaOpenTracing.Tests.Receivers;

/// <summary>
/// The tests' one HTTP intake on 127.0.0.1 (ephemeral port; Kestrel, HTTP/1.1): records every request and answers
/// it — with what <see cref="Answer"/> queued, else what the responder passed at start decides (how the OTLP and
/// Zipkin receivers decode what they get), else 200. Given a certificate it serves TLS, and can require a client
/// certificate.
/// </summary>
public sealed class LoopbackHttpReceiver : IDisposable, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _answers = new();
    private readonly List<X509Certificate2> _clientCertificates = new();
    private readonly Func<ReceivedRequest, HttpAnswer>? _respond;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <param name="checkClientCertificate">Given, the handshake requires a client certificate that passes it.</param>
    public LoopbackHttpReceiver(X509Certificate2? certificate = null, Func<X509Certificate2, bool>? checkClientCertificate = null)
        : this(certificate, checkClientCertificate, null)
    {
    }

    private LoopbackHttpReceiver(X509Certificate2? certificate, Func<X509Certificate2, bool>? checkClientCertificate, Func<ReceivedRequest, HttpAnswer>? respond)
    {
        _respond = respond;
        var check = checkClientCertificate is null ? null : new Func<X509Certificate2, bool>(presented =>
        {
            lock (_clientCertificates)
            {
                _clientCertificates.Add(presented);
            }

            return checkClientCertificate(presented);
        });
        // Started synchronously: the transport tests are synchronous, and Kestrel binds in a few milliseconds.
        (_app, BaseUri) = LoopbackWebServer.StartAsync(app => app.Run(HandleAsync), HttpProtocols.Http1, certificate, check)
            .GetAwaiter().GetResult();
    }

    public Uri BaseUri { get; }

    /// <summary>Read requests but never answer them (a collector that hangs).</summary>
    public bool Silent { get; set; }

    /// <summary>The client certificates presented in TLS handshakes that asked for one.</summary>
    public IReadOnlyList<X509Certificate2> ClientCertificates
    {
        get
        {
            lock (_clientCertificates)
            {
                return _clientCertificates.ToList();
            }
        }
    }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public int RequestCount
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>A receiver whose answers <paramref name="respond"/> decides (from the request as received).</summary>
    public static LoopbackHttpReceiver Start(Func<ReceivedRequest, HttpAnswer> respond) => new(null, null, respond);

    /// <summary>Queues the answer to one coming request, ahead of the responder; with none queued the responder or
    /// 200 answers.</summary>
    public void Answer(int status, string? retryAfter = null) => _answers.Enqueue((status, retryAfter));

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A silent receiver's requests wait until now.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray());
        lock (_requests)
        {
            _requests.Add(request);
        }

        if (Silent)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var answer = _answers.TryDequeue(out var queued)
            ? new HttpAnswer(queued.Status, RetryAfter: queued.RetryAfter)
            : _respond?.Invoke(request) ?? HttpAnswer.Ok;
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        if (answer.ContentType is not null)
        {
            context.Response.ContentType = answer.ContentType;
        }

        context.Response.ContentLength = answer.Body?.Length ?? 0;
        if (answer.Body is { Length: > 0 })
        {
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
        }
    }
}
