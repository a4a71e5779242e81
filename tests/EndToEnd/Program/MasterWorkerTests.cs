using System.Globalization;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Tests.Shared;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// examples/haproxy-mw.cfg: HAProxy's master starts the built agent from its <c>program</c> section, the agent's spans
/// reach an OTLP/HTTP receiver, and stopping HAProxy stops the agent.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class MasterWorkerTests
{
    private const string ServiceName = "spoa-e2e-mw";

    [Fact]
    public async Task The_master_runs_the_agent_whose_traces_arrive_and_stopping_haproxy_stops_the_agent()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        await using var backend = await BackendServer.StartAsync();
        var frontendPort = Ports.GetFreeTcpPort();
        var agentPort = Ports.GetFreeTcpPort();

        // HAProxy 2.6 program sections take no environment keyword, hence "env"; {{DIR}} is HAProxy's temp directory.
        var environment = string.Join(' ', AgentLauncher.OtlpTo(receiver, ServiceName, TimeSpan.FromMilliseconds(100)).Select(v => $"{v.Key}={v.Value}"));
        var command = $"env {environment} {AgentProcess.ExecutablePath} -r0 -a127.0.0.1 -p{agentPort.ToString(CultureInfo.InvariantCulture)} -Totlp-http -F{{{{DIR}}}}/agent.pid";
        var files = ProgramExamples.Load(ProgramExamples.MasterWorker, frontendPort, backend.Port, agentPort,
            (ProgramExamples.MasterWorkerCommand, command));

        int? agentPid = null;
        try
        {
            HaproxyProcess? haproxy = await HaproxyProcess.StartAsync(files, ProgramExamples.MasterWorker, new Dictionary<string, string>(), frontendPort);
            await using (haproxy)
            {
                var pidFile = Path.Combine(haproxy.Directory, "agent.pid");
                await AgentLauncher.WaitListeningAsync(agentPort, () => haproxy.HasExited);
                Assert.True(AgentProcess.Eventually(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')), "no pidfile");
                agentPid = int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture);
                Assert.Contains($"New program 'spoa-opentracing' ({agentPid}) forked", haproxy.Log.Text, StringComparison.Ordinal);

                var urls = Enumerable.Range(0, 3).Select(i => $"/?mw={Guid.NewGuid():N}-{i}").ToList();
                using (var http = AgentLauncher.Client(frontendPort))
                {
                    foreach (var url in urls)
                    {
                        Assert.Equal((HttpStatusCode.OK, ""), await AgentLauncher.GetAsync(http, url));
                    }
                }

                await receiver.Spans.WaitAsync(s => urls.All(u => TraceOf(s, u).Count >= 9), AgentLauncher.SafetyNet);
                var all = receiver.Spans.Snapshot();
                foreach (var url in urls)
                {
                    var trace = TraceOf(all, url);
                    AssertShape(trace, HaproxySession, ClientSession, FrontendTcpRequest, FrontendHttpRequest, BackendTcpRequest,
                        BackendHttpRequest, ServerSession, TcpResponse, HttpResponse);
                    Assert.All(trace, s => Assert.Equal(ServiceName, s.ResourceAttributes["service.name"]));
                }

                Assert.Empty(receiver.Errors);
                Assert.True(AgentProcess.IsAlive(agentPid.Value));
            }

            // Disposing sent SIGTERM to the master, which passes it on to the worker and the program and exits once
            // both are gone; the agent's exit status 0 says it stopped gracefully.
            Assert.True(AgentProcess.Eventually(() => !AgentProcess.IsAlive(agentPid.Value)), $"agent {agentPid} still runs");
            Assert.Contains($"Current program 'spoa-opentracing' ({agentPid}) exited with code 0", haproxy.Log.Text, StringComparison.Ordinal);
            Assert.Contains("All workers exited. Exiting... (0)", haproxy.Log.Text, StringComparison.Ordinal);
        }
        finally
        {
            if (agentPid is { } pid && AgentProcess.IsAlive(pid))
            {
                AgentProcess.Kill(pid, PosixSignalNumber.Kill);
            }
        }
    }
}
