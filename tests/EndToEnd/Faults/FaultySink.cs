using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>
/// An OTLP/HTTP intake on a fixed loopback port whose behaviour can change while the agent exports to it: healthy,
/// slow, refusing; "down" is simply the port with this sink stopped (nothing listening), and a new sink on the same
/// port brings the backend back.
/// </summary>
internal sealed class FaultySink : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private volatile SinkMode _mode;

    private FaultySink(WebApplication app, SinkMode mode)
    {
        _app = app;
        _mode = mode;
    }

    public SpanCollection<ReceivedSpan> Spans { get; } = new();

    public SinkMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public static async Task<FaultySink> StartAsync(int port, SinkMode mode)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var sink = new FaultySink(app, mode);
        app.MapPost("/v1/traces", (Delegate)sink.HandleAsync);
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        switch (_mode)
        {
            case SinkMode.Refusing:
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            case SinkMode.Slow:
                await Task.Delay(SlowDelay, context.RequestAborted);
                break;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        Spans.AddRange(OtlpTraceDecoder.Decode(body.ToArray()));
        return Results.Bytes([], OtlpHttpReceiver.ContentType);
    }
}
