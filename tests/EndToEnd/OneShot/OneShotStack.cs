using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Program;
using SpoaOpenTracing.EndToEnd.Tracing;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.EndToEnd.OneShot;

/// <summary>
/// HAProxy 2.6 running the shipped one-exchange preset (<c>examples/haproxy-oneshot.cfg</c> + <c>spoe-oneshot.cfg</c>)
/// with only its addresses changed, a stats socket and the SPOE error as a response header added; its SPOE backend's two agent servers are two processes of
/// the built program, each exporting OTLP/HTTP to one receiver under its own service name; a real origin server.
/// </summary>
internal sealed class OneShotStack : IAsyncDisposable
{
    public const string SpoeBackend = "spoe-oneshot-backend";

    /// <summary>The agent servers of <see cref="SpoeBackend"/> in the preset, in the order of <see cref="Agents"/>.</summary>
    public static readonly string[] SpoeServers = ["agent-1", "agent-2"];

    private const string SendRule = "    http-response send-spoe-group oneshot oneshot-request if trace_sampled\n";
    private const string FrontendAddress = "127.0.0.1:10080";
    private const string ServerAddress = "127.0.0.1:8000";
    private static readonly string[] s_agentAddresses = ["127.0.0.1:12345", "127.0.0.1:12346"];

    private OneShotStack(OtlpHttpReceiver receiver, BackendServer backend, AgentProcess[] agents, HaproxyProcess haproxy, int frontendPort)
    {
        Receiver = receiver;
        Backend = backend;
        Agents = agents;
        Haproxy = haproxy;
        FrontendPort = frontendPort;
    }

    public OtlpHttpReceiver Receiver { get; }

    public BackendServer Backend { get; }

    /// <summary>agent-1 and agent-2 of the preset, in that order.</summary>
    public AgentProcess[] Agents { get; }

    public HaproxyProcess Haproxy { get; }

    public int FrontendPort { get; }

    public static string ServiceName(int agent) => $"spoa-e2e-oneshot-{agent + 1}";

    /// <summary>Starts everything and returns once HAProxy's health checks see both agents UP.</summary>
    public static async Task<OneShotStack> StartAsync()
    {
        var receiver = await OtlpHttpReceiver.StartAsync();
        var backend = await BackendServer.StartAsync();
        var agents = new List<AgentProcess>();
        try
        {
            var frontendPort = Ports.GetFreeTcpPort();
            var haproxyCfg = ExampleConfig.Edit(Read("haproxy-oneshot.cfg"),
                (FrontendAddress, $"127.0.0.1:{frontendPort}"),
                (ServerAddress, $"127.0.0.1:{backend.Port}"),
                ("    hard-stop-after 10s\n", "    hard-stop-after 10s\n    stats socket {{STATS_SOCKET}} mode 600 level admin\n"),
                // The SPOE outcome the access log prints, per response: HAProxy drops log lines to stdout under load
                // (DroppedLogs in "show info", seen at 4 of 2,000), a header never.
                (SendRule, SendRule + "    http-response set-header X-SPOE-Error %[var(txn.spoe.err)]\n"));
            for (var i = 0; i < s_agentAddresses.Length; i++)
            {
                var port = Ports.GetFreeTcpPort();
                var environment = AgentLauncher.OtlpTo(receiver, ServiceName(i), TimeSpan.FromMilliseconds(100));
                // Room for every span of a run: a drop in the agent's queue would be a loss of ours, not HAProxy's.
                environment["OTEL_BSP_MAX_QUEUE_SIZE"] = "65536";
                agents.Add(await AgentLauncher.StartAsync(port, environment, "-Totlp-http"));
                haproxyCfg = ExampleConfig.Edit(haproxyCfg, (s_agentAddresses[i], $"127.0.0.1:{port}"));
            }

            var haproxy = await HaproxyProcess.StartAsync(
                new Dictionary<string, string> { ["haproxy.cfg"] = haproxyCfg, ["spoe-oneshot.cfg"] = Read("spoe-oneshot.cfg") }, "haproxy.cfg",
                new Dictionary<string, string>(), frontendPort);
            var stack = new OneShotStack(receiver, backend, [.. agents], haproxy, frontendPort);
            foreach (var server in SpoeServers)
            {
                await haproxy.Stats.WaitForServerUpAsync(SpoeBackend, server, AgentLauncher.SafetyNet);
            }

            return stack;
        }
        catch
        {
            agents.ForEach(a => a.Dispose());
            await backend.DisposeAsync();
            await receiver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops an agent the way systemd does (SIGTERM), or kills it, and waits for it to exit: then every span it
    /// exported has been answered by the receiver.</summary>
    public static (int Code, string Err) Stop(AgentProcess agent, PosixSignalNumber signal = PosixSignalNumber.Term)
    {
        agent.Signal(signal);
        var (code, _, err) = agent.WaitForExit();
        return (code, err);
    }

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        foreach (var agent in Agents)
        {
            agent.Dispose();
        }

        await Backend.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(ExampleConfig.ExamplesDirectory, file));
}
