using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.EndToEnd.Tracing;

/// <summary>
/// The agent as deployed: <see cref="TracingEngine"/> behind an in-process <see cref="SpopServer"/>, exporting OTLP/HTTP
/// to an <see cref="OtlpHttpReceiver"/>; an origin server; and HAProxy 2.6 running the shipped example configs.
/// Tests find their own trace by a unique URL, so they stay independent while sharing all of this.
/// </summary>
public sealed class TracingFixture : IAsyncLifetime
{
    public const string TimeoutMessage = "BE timeout";

    private OtlpHttpReceiver? _receiver;
    private BackendServer? _backend;
    private TracingEngine? _engine;
    private SpopServer? _agent;
    private HaproxyProcess? _haproxy;

    internal OtlpHttpReceiver Receiver => _receiver ?? throw new InvalidOperationException("not started");

    internal BackendServer Backend => _backend ?? throw new InvalidOperationException("not started");

    internal TracingEngine Engine => _engine ?? throw new InvalidOperationException("not started");

    internal SpopServer Agent => _agent ?? throw new InvalidOperationException("not started");

    public int AgentPort { get; private set; }

    /// <summary>The frontend of the HAProxy running the examples unchanged (ports aside).</summary>
    public int FrontendPort { get; private set; }

    public async Task InitializeAsync()
    {
        _receiver = await OtlpHttpReceiver.StartAsync();
        _backend = await BackendServer.StartAsync();
        // Room for the whole 18,000-span load test.
        var tracing = _receiver.EngineOptions("spoa-e2e", maxQueue: 32_768);
        tracing.IdleTimeout = TimeSpan.FromSeconds(2);
        tracing.TimeoutMessage = TimeoutMessage;
        _engine = new TracingEngine(tracing);
        _agent = await LoopbackAgent.StartAsync(_engine);
        AgentPort = _agent.Port();

        FrontendPort = Ports.GetFreeTcpPort();
        _haproxy = await StartHaproxyAsync(FrontendPort, _backend.Port);
    }

    /// <summary>Another HAProxy on the same agent, from the examples with extra exact-text edits to haproxy.cfg.</summary>
    internal Task<HaproxyProcess> StartHaproxyAsync(int frontendPort, int backendPort, params (string From, string To)[] edits)
    {
        var files = ExampleConfig.Load(frontendPort, backendPort, AgentPort, Ports.GetFreeTcpPort(), edits);
        return HaproxyProcess.StartAsync(files, "haproxy.cfg", new Dictionary<string, string>(), frontendPort);
    }

    public async Task DisposeAsync()
    {
        if (_haproxy is not null)
        {
            await _haproxy.DisposeAsync();
        }

        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        _engine?.Dispose();
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }
}
