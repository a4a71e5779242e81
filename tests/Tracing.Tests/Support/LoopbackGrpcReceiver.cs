using System.Net;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>A gRPC endpoint on 127.0.0.1 (Kestrel, cleartext HTTP/2 with prior knowledge) that records each call
/// and answers OK, or the statuses queued with <see cref="Answer"/>.</summary>
public sealed class LoopbackGrpcReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GrpcAnswer> _answers = new();
    private readonly List<ReceivedGrpcCall> _calls = new();

    private LoopbackGrpcReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<ReceivedGrpcCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToList();
            }
        }
    }

    public static async Task<LoopbackGrpcReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var receiver = new LoopbackGrpcReceiver(app);
        app.MapPost("/{**path}", receiver.Handle);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return receiver;
    }

    /// <summary>Queues the answer to one coming call; <paramref name="trailersOnly"/> puts the status in the headers
    /// with no message, as gRPC servers answer errors.</summary>
    public void Answer(int status, string? message = null, string? detailsBin = null, bool trailersOnly = false) =>
        _answers.Enqueue(new GrpcAnswer(status, message, detailsBin, trailersOnly));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Handle(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        lock (_calls)
        {
            _calls.Add(new ReceivedGrpcCall(context.Request.Protocol, context.Request.Path, headers, body.ToArray()));
        }

        var answer = _answers.TryDequeue(out var queued) ? queued : new GrpcAnswer(0, null, null, false);
        context.Response.ContentType = "application/grpc";
        if (answer.TrailersOnly)
        {
            SetStatus((name, value) => context.Response.Headers[name] = value, answer);
            return;
        }

        // An empty ExportTraceServiceResponse, framed.
        await context.Response.Body.WriteAsync(new byte[5]);
        SetStatus((name, value) => context.Response.AppendTrailer(name, value), answer);
    }

    private static void SetStatus(Action<string, string> set, GrpcAnswer answer)
    {
        set("grpc-status", answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (answer.Message is not null)
        {
            set("grpc-message", Uri.EscapeDataString(answer.Message));
        }

        if (answer.DetailsBin is not null)
        {
            set("grpc-status-details-bin", answer.DetailsBin);
        }
    }

    private sealed record GrpcAnswer(int Status, string? Message, string? DetailsBin, bool TrailersOnly);
}

public sealed record ReceivedGrpcCall(string Protocol, string Path, Dictionary<string, string> Headers, byte[] Body);
