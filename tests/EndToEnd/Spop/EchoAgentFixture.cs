using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.EndToEnd.Spop;

/// <summary>One HAProxy 2.6 + in-process <see cref="SpopServer"/> running <see cref="EchoHandler"/> + origin server,
/// shared by the tests of a class; every request carries its own <c>x-value</c>, so the tests stay independent.</summary>
public sealed class EchoAgentFixture : IAsyncLifetime
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(20);

    private BackendServer? _backend;
    private SpopServer? _agent;
    private HaproxyProcess? _haproxy;

    internal EchoHandler Handler { get; } = new();

    internal SpopServer Agent => _agent ?? throw new InvalidOperationException("not started");

    internal HaproxyProcess Haproxy => _haproxy ?? throw new InvalidOperationException("not started");

    public int FrontendPort { get; private set; }

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync();
        _agent = await LoopbackAgent.StartAsync(Handler);
        var agentPort = _agent.Port();

        FrontendPort = Ports.GetFreeTcpPort();
        var files = new Dictionary<string, string> { ["haproxy.cfg"] = EchoConfig.Haproxy, ["spoe.cfg"] = EchoConfig.Spoe };
        var values = new Dictionary<string, string>
        {
            ["FRONTEND_PORT"] = FrontendPort.ToString(),
            ["BACKEND_PORT"] = _backend.Port.ToString(),
            ["AGENT_PORT"] = agentPort.ToString(),
        };
        _haproxy = await HaproxyProcess.StartAsync(files, "haproxy.cfg", values, FrontendPort);

        // With no agent server UP, HAProxy 2.6 fails SPOE processing at once: start tests after the first good check.
        await _haproxy.Stats.WaitForServerUpAsync(EchoConfig.AgentBackend, EchoConfig.AgentServer, SafetyNet);
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

        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }
}
