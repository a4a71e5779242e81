using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SpoaOpenTracing.Cli.LogInput;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Syslog;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Requests;

namespace SpoaOpenTracing.EndToEnd.LogMode;

/// <summary>
/// Log mode end to end: HAProxy 2.6 running examples/haproxy-logs.cfg (UDP, or TCP through its ring), writing trace
/// lines to the program's own log input (a <see cref="SyslogListener"/> with the program's
/// <see cref="TraceLineHandler"/>) in this process, whose engine exports OTLP/HTTP to a receiver of its own.
/// </summary>
internal sealed class LogModeStack : IAsyncDisposable
{
    private LogModeStack(OtlpHttpReceiver receiver, TracingEngine engine, SyslogListener listener, TraceLineHandler handler,
        HaproxyProcess haproxy, int frontendPort)
    {
        Receiver = receiver;
        Engine = engine;
        Listener = listener;
        Handler = handler;
        Haproxy = haproxy;
        FrontendPort = frontendPort;
    }

    public OtlpHttpReceiver Receiver { get; }

    public TracingEngine Engine { get; }

    public SyslogListener Listener { get; }

    public TraceLineHandler Handler { get; }

    public HaproxyProcess Haproxy { get; }

    public int FrontendPort { get; }

    public int LogPort => ((IPEndPoint)Listener.LocalEndPoint).Port;

    /// <param name="tcp">Trace lines through the preset's ring over TCP instead of UDP datagrams.</param>
    /// <param name="edits">Exact-text edits to the preset (e.g. the sampling ratio).</param>
    public static async Task<LogModeStack> StartAsync(BackendServer backend, bool tcp, params (string From, string To)[] edits)
    {
        var receiver = await OtlpHttpReceiver.StartAsync();
        var options = receiver.EngineOptions("spoa-e2e-logmode");
        var engine = new TracingEngine(options, null, null, TimeProvider.System, "e2e-logmode-" + Guid.NewGuid().ToString("N"));
        var endpoint = SyslogEndpoint.Parse(tcp ? "tcp://127.0.0.1:0" : "udp://127.0.0.1:0");
        var handler = new TraceLineHandler(engine, new TraceLineParser(), endpoint.Text, NullLogger.Instance);
        var listener = new SyslogListener(endpoint, handler);
        listener.Start();
        var logPort = ((IPEndPoint)listener.LocalEndPoint).Port;

        var frontendPort = Ports.GetFreeTcpPort();
        var config = tcp
            ? LogModePreset.Tcp(frontendPort, backend.Port, logPort, edits)
            : LogModePreset.Udp(frontendPort, backend.Port, logPort, edits);
        var haproxy = await HaproxyProcess.StartAsync(config, new Dictionary<string, string>(), frontendPort);
        return new LogModeStack(receiver, engine, listener, handler, haproxy, frontendPort);
    }

    public HttpClient CreateClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{FrontendPort}"), Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        await Listener.DisposeAsync();
        Engine.Dispose();
        await Receiver.DisposeAsync();
    }
}
