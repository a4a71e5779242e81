using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.EndToEnd.Propagation;

/// <summary>
/// One agent (engine with its own ActivitySource name, so engines of other tests never export our spans) behind an
/// in-process <see cref="SpopServer"/>, exporting OTLP/HTTP to a receiver of its own, and HAProxy 2.6 running the
/// shipped semconv preset (<c>examples/haproxy-semconv.cfg</c> + <c>spoe-semconv.cfg</c>) with only ports changed,
/// plus the exact-text edits a test names.
/// </summary>
internal sealed class SemconvStack : IAsyncDisposable
{
    public const string FrontendAddress = "127.0.0.1:10080";
    public const string BackendAddress = "127.0.0.1:8000";
    public const string AgentAddress = "127.0.0.1:12345";

    private SemconvStack(OtlpHttpReceiver receiver, TracingEngine engine, SpopServer agent, HaproxyProcess haproxy, int frontendPort)
    {
        Receiver = receiver;
        Engine = engine;
        Agent = agent;
        Haproxy = haproxy;
        FrontendPort = frontendPort;
    }

    public OtlpHttpReceiver Receiver { get; }

    public TracingEngine Engine { get; }

    public SpopServer Agent { get; }

    public HaproxyProcess Haproxy { get; }

    public int FrontendPort { get; }

    /// <param name="processingDelay">The agent waits this long before handling each frame (the seed's <c>-t</c>), so
    /// HAProxy's event times and the agent's receive times differ by a known amount.</param>
    public static Task<SemconvStack> StartAsync(BackendServer backend, Action<TracingOptions>? configure = null,
        TimeSpan processingDelay = default, params (string From, string To)[] spoeEdits) =>
        StartAsync(backend, configure, processingDelay, [], spoeEdits);

    /// <param name="haproxyEdits">Exact-text edits to haproxy-semconv.cfg, as <paramref name="spoeEdits"/> are to spoe-semconv.cfg.</param>
    public static async Task<SemconvStack> StartAsync(BackendServer backend, Action<TracingOptions>? configure,
        TimeSpan processingDelay, (string From, string To)[] haproxyEdits, (string From, string To)[] spoeEdits)
    {
        var receiver = await OtlpHttpReceiver.StartAsync();
        var options = receiver.EngineOptions("spoa-e2e-semconv");
        options.IdleTimeout = TimeSpan.FromSeconds(5);
        configure?.Invoke(options);
        var engine = new TracingEngine(options, null, null, TimeProvider.System, "e2e-semconv-" + Guid.NewGuid().ToString("N"));
        var agent = await LoopbackAgent.StartAsync(engine, o => o.ProcessingDelay = processingDelay);
        var agentPort = agent.Port();

        var frontendPort = Ports.GetFreeTcpPort();
        var examples = Tracing.ExampleConfig.ExamplesDirectory;
        var haproxyCfg = Tracing.ExampleConfig.Edit(File.ReadAllText(Path.Combine(examples, "haproxy-semconv.cfg")),
            (FrontendAddress, $"127.0.0.1:{frontendPort}"), (BackendAddress, $"127.0.0.1:{backend.Port}"), (AgentAddress, $"127.0.0.1:{agentPort}"));
        // As shipped, the preset's 100ms processing timeout included.
        var spoeCfg = Tracing.ExampleConfig.Edit(File.ReadAllText(Path.Combine(examples, "spoe-semconv.cfg")), spoeEdits);
        var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, string> { ["haproxy.cfg"] = Tracing.ExampleConfig.Edit(haproxyCfg, haproxyEdits), ["spoe-semconv.cfg"] = spoeCfg }, "haproxy.cfg",
            new Dictionary<string, string>(), frontendPort);
        return new SemconvStack(receiver, engine, agent, haproxy, frontendPort);
    }

    public HttpClient CreateClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{FrontendPort}"), Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        await Agent.DisposeAsync();
        Engine.Dispose();
        await Receiver.DisposeAsync();
    }
}
