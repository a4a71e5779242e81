using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Tracing;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Spans;
using Xunit;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>
/// HAProxy 2.6 reloaded (a new process, then the old one soft-stopped as <c>-sf</c> does) and killed (SIGKILL) while
/// requests are in flight: the agent keeps serving, says at most a line, and reaps what the dead HAProxy left open.
/// </summary>
[Trait("Category", "Faults")]
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class HaproxyFaultTests
{
    private const string TimeoutMessage = "haproxy went away";
    private const int SpansPerRequest = 9;

    /// <summary>Safety net for waits, not a performance bound.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Reload_InFlightRequestsFinish_NewProcessServes_NothingReaped()
    {
        await using var setup = await Setup.StartAsync();
        var old = await setup.StartHaproxyAsync();
        await using var oldProcess = old;
        using var http = new HttpClient { Timeout = Safety };

        var inFlight = Enumerable.Range(0, 5).Select(i => http.GetAsync(setup.Url($"/sleep/1500?reload-old-{i}"))).ToList();
        await ConnectionFaultTests.WaitUntilAsync(() => setup.Backend.Requests.Count >= 5);

        await using var replacement = await setup.StartHaproxyAsync();
        Signals.Send(old.Pid, Signals.SigUsr1);
        for (var i = 0; i < 5; i++)
        {
            using var response = await GetThroughReloadAsync(http, setup.Url($"/?reload-new-{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        foreach (var response in await Task.WhenAll(inFlight))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        // The old process leaves once its requests are done; every trace of both processes ends by finish.
        await ConnectionFaultTests.WaitUntilAsync(() => old.HasExited);
        await ConnectionFaultTests.WaitUntilAsync(() => setup.Agent.Engine.Metrics.SpansFinished >= 10 * SpansPerRequest);
        // The reaper only ends what is still open: once no trace is open (ended by finish, or else by the reaper after
        // the idle timeout), whether anything was reaped is settled.
        await ConnectionFaultTests.WaitUntilAsync(() => setup.Agent.Engine.Metrics.OpenTraces == 0);
        Assert.Equal(0, setup.Agent.Engine.Metrics.SpansReaped);
        Assert.Equal(0, setup.Agent.Engine.Metrics.OpenSpans);
        Assert.Equal(0, setup.Agent.Server.Metrics.HandlerErrors);
        Assert.True(setup.Agent.Logs.Visible(LogLevel.Warning).Count <= 1, string.Join('\n', setup.Agent.Logs.Visible(LogLevel.Warning)));
    }

    [Fact]
    public async Task Kill_MidStream_AgentKeepsServing_OpenTracesReapedWithTheReason()
    {
        await using var setup = await Setup.StartAsync();
        var victim = await setup.StartHaproxyAsync();
        await using var victimProcess = victim;
        using var http = new HttpClient { Timeout = Safety };

        var inFlight = Enumerable.Range(0, 5).Select(i => http.GetAsync(setup.Url($"/sleep/5000?killed-{i}"))).ToList();
        await ConnectionFaultTests.WaitUntilAsync(() => setup.Backend.Requests.Count >= 5);
        var visibleBefore = setup.Agent.Logs.Visible().Count;
        Signals.Send(victim.Pid, Signals.SigKill);
        foreach (var request in inFlight)
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => request);
        }

        // The requests' spans stay open until the reaper ends them, with status Error and the timeout reason.
        await ConnectionFaultTests.WaitUntilAsync(() => setup.Agent.Engine.Metrics.TracesReaped >= 5);
        var reaped = setup.Spans.Ended.Where(s => s.StatusCode == SpanStatusCode.Error).ToList();
        Assert.NotEmpty(reaped);
        Assert.All(reaped, s => Assert.Equal(TimeoutMessage, s.StatusDescription));
        Assert.All(reaped, s => Assert.Contains(s.Events.ToArray(), e => s.AttributesOf(e).ToArray().Any(a => a.Value.String == TimeoutMessage)));
        Assert.Equal(0, setup.Agent.Engine.Metrics.OpenTraces);

        // At most a line for the lost connections (resets are Debug), and a new HAProxy is served at once.
        Assert.True(setup.Agent.Logs.Visible().Count - visibleBefore <= 1, string.Join('\n', setup.Agent.Logs.Visible().Skip(visibleBefore)));
        var finished = setup.Agent.Engine.Metrics.SpansFinished;
        await using var next = await setup.StartHaproxyAsync();
        using (var response = await http.GetAsync(setup.Url("/?after-kill")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await ConnectionFaultTests.WaitUntilAsync(() => setup.Agent.Engine.Metrics.SpansFinished >= finished + SpansPerRequest);
        Assert.Equal(0, setup.Agent.Server.Metrics.HandlerErrors);
    }

    /// <summary>Between the old process closing its listeners and the new one taking over, a connect can be refused:
    /// that is HAProxy's reload, not the agent's concern, so such a request is simply sent again.</summary>
    private static async Task<HttpResponseMessage> GetThroughReloadAsync(HttpClient http, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await http.GetAsync(url);
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Agent, origin and the port HAProxy processes share (SO_REUSEPORT, as a reload needs).</summary>
    private sealed class Setup : IAsyncDisposable
    {
        private readonly int _frontendPort = Ports.GetFreeTcpPort();

        private Setup(FaultAgent agent, BackendServer backend, CollectingListener spans)
        {
            Agent = agent;
            Backend = backend;
            Spans = spans;
        }

        public FaultAgent Agent { get; }

        public BackendServer Backend { get; }

        public CollectingListener Spans { get; }

        public static async Task<Setup> StartAsync()
        {
            var spans = new CollectingListener();
            var agent = await FaultAgent.StartAsync(
                new TracingOptions { Exporter = ExporterKind.None, IdleTimeout = IdleTimeout, TimeoutMessage = TimeoutMessage }, listener: spans);
            return new Setup(agent, await BackendServer.StartAsync(), spans);
        }

        public string Url(string path) => $"http://127.0.0.1:{_frontendPort}{path}";

        public Task<HaproxyProcess> StartHaproxyAsync()
        {
            var files = ExampleConfig.Load(_frontendPort, Backend.Port, Agent.Port, Ports.GetFreeTcpPort());
            return HaproxyProcess.StartAsync(files, "haproxy.cfg", new Dictionary<string, string>(), _frontendPort);
        }

        public async ValueTask DisposeAsync()
        {
            await Agent.DisposeAsync();
            await Backend.DisposeAsync();
        }
    }
}
