using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>
/// The agent in-process: a <see cref="TracingEngine"/> (its own ActivitySource name, so engines of parallel tests never
/// see each other's spans) behind an <see cref="SpopServer"/> on 127.0.0.1:0, logging into a <see cref="LogCapture"/>.
/// </summary>
internal sealed class FaultAgent : IAsyncDisposable
{
    private static int s_sources;

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
        OpenTelemetry.BaseProcessor<System.Diagnostics.Activity>? processor = null)
    {
        var logs = new LogCapture();
        var source = $"SpoaOpenTracing.Faults.{Interlocked.Increment(ref s_sources)}";
        var engine = new TracingEngine(tracing, logs.Factory, processor, TimeProvider.System, source);
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
