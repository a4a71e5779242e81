using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>
/// The agent in-process: a <see cref="TracingEngine"/> behind an <see cref="SpopServer"/> on 127.0.0.1:0, logging into a
/// <see cref="LogCapture"/>.
/// </summary>
internal sealed class FaultAgent : IAsyncDisposable
{
    private FaultAgent(TracingEngine engine, SpopServer server, LogCapture logs)
    {
        Engine = engine;
        Server = server;
        Logs = logs;
    }

    public TracingEngine Engine { get; }

    public SpopServer Server { get; }

    public LogCapture Logs { get; }

    public EndPoint EndPoint => Server.BoundEndPoints[0];

    public int Port => ((IPEndPoint)EndPoint).Port;

    public static async Task<FaultAgent> StartAsync(TracingOptions tracing, Action<SpopServerOptions>? configure = null,
        ISpanListener? listener = null)
    {
        var logs = new LogCapture();
        var engine = listener is null ? new TracingEngine(tracing, logs.Factory) : new TracingEngine(tracing, logs.Factory, listener);
        SpopServer server;
        try
        {
            server = await LoopbackAgent.StartAsync(engine, configure, logs.Factory);
        }
        catch
        {
            engine.Dispose();
            throw;
        }

        return new FaultAgent(engine, server, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Engine.Dispose();
        Logs.Factory.Dispose();
    }
}
