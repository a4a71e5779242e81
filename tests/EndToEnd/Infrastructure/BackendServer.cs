using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// The origin server behind HAProxy: <c>/</c> (200, small body), <c>/status/{code}</c>, <c>/sleep/{ms}</c>,
/// <c>/headers</c> (request headers echoed as JSON). Every request's path and headers are recorded.
/// </summary>
internal sealed class BackendServer : IAsyncDisposable
{
    public const string Body = "hello from backend\n";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests;

    private BackendServer(WebApplication app, Uri baseAddress, ConcurrentQueue<ReceivedRequest> requests)
    {
        _app = app;
        BaseAddress = baseAddress;
        _requests = requests;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;

    public static async Task<BackendServer> StartAsync()
    {
        var requests = new ConcurrentQueue<ReceivedRequest>();
        var (app, address) = await LoopbackWebServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, []));
                await next(context);
            });
            app.MapGet("/", () => Results.Text(Body));
            app.MapGet("/status/{code:int}", (int code) => Results.Text($"status {code}\n", statusCode: code));
            app.MapGet("/sleep/{ms:int}", async (int ms, HttpContext context) =>
            {
                try
                {
                    await Task.Delay(ms, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // HAProxy gave up on us (timeout server): nobody reads the answer.
                }

                return Results.Text($"slept {ms}\n");
            });
            app.MapGet("/headers", (HttpContext context) =>
                Results.Json(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
        });
        return new BackendServer(app, address, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
