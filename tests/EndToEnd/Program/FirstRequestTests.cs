using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Tracing;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// Issue 13: the built program, fresh, behind HAProxy with the seed's haproxy.cfg and spoe.cfg as shipped
/// (<c>timeout processing 100ms</c>). Its very first NOTIFY used to spend that budget in the JIT: HAProxy gave up on
/// the event (<c>X-SPOE-Error: 1</c>) and the trace lost its spans.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class FirstRequestTests
{
    private static readonly string[] NineSpans =
    [
        HaproxySession, ClientSession, FrontendTcpRequest, FrontendHttpRequest, BackendTcpRequest, BackendHttpRequest,
        ServerSession, TcpResponse, HttpResponse,
    ];

    [Fact]
    public async Task The_first_request_after_start_gets_every_event_ACKed_in_time_and_a_complete_trace()
    {
        await using var stack = await FreshStack.StartAsync("spoa-e2e-first");
        var url = $"/?first={Guid.NewGuid():N}";

        var (status, spoeError) = await stack.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", spoeError);
        AssertComplete(await stack.WaitForTraceAsync(url));
    }

    [Fact]
    public async Task Twenty_sequential_requests_right_after_start_give_no_SPOE_error_and_twenty_complete_traces()
    {
        await using var stack = await FreshStack.StartAsync("spoa-e2e-first20");
        var urls = Enumerable.Range(0, 20).Select(i => $"/?first20={Guid.NewGuid():N}-{i}").ToList();

        var errors = new List<string>();
        foreach (var url in urls)
        {
            var (status, spoeError) = await stack.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            if (spoeError != "")
            {
                errors.Add($"{url}: X-SPOE-Error {spoeError}");
            }
        }

        Assert.Empty(errors);
        foreach (var url in urls)
        {
            AssertComplete(await stack.WaitForTraceAsync(url));
        }
    }

    [Fact]
    public async Task The_warm_up_before_listening_exports_no_span_and_counts_in_no_metric()
    {
        var metricsPort = Ports.GetFreeTcpPort();
        await using var stack = await FreshStack.StartAsync("spoa-e2e-warmup", $"--metrics-address={metricsPort}");
        var url = $"/?after-warm-up={Guid.NewGuid():N}";

        Assert.Equal("", (await stack.GetAsync(url)).SpoeError);
        AssertComplete(await stack.WaitForTraceAsync(url));

        // The warm-up sent two requests (8 NOTIFYs, 9 and 10 spans): none of it may show.
        using var http = new HttpClient { Timeout = AgentLauncher.SafetyNet };
        var metrics = (await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics")).Split('\n');
        Assert.Equal(8, Sample(metrics, "spop_frames_total{", "kind=\"notify\""));
        Assert.Equal(9, Sample(metrics, "tracing_spans_total{", "kind=\"started\""));
        Assert.Equal(9, stack.ReceivedSpanCount);
    }

    private static double Sample(string[] lines, string prefix, string label)
    {
        var line = Assert.Single(lines, l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>All nine spans, ended by their messages: spans the reaper ends after an event HAProxy gave up on
    /// arrive too, but with an error status.</summary>
    private static void AssertComplete(List<ReceivedSpan> trace)
    {
        AssertShape(trace, NineSpans);
        Assert.All(trace, s => Assert.Equal(0, s.StatusCode));
    }

    /// <summary>Receiver, origin, the built agent (OTLP/HTTP, started last but one) and HAProxy on the examples.</summary>
    private sealed class FreshStack : IAsyncDisposable
    {
        private readonly OtlpHttpReceiver _receiver;
        private readonly BackendServer _backend;
        private readonly Tests.Shared.AgentProcess _agent;
        private readonly HaproxyProcess _haproxy;
        private readonly HttpClient _http;

        private FreshStack(OtlpHttpReceiver receiver, BackendServer backend, Tests.Shared.AgentProcess agent, HaproxyProcess haproxy, int frontendPort)
        {
            _receiver = receiver;
            _backend = backend;
            _agent = agent;
            _haproxy = haproxy;
            _http = AgentLauncher.Client(frontendPort);
        }

        public int ReceivedSpanCount => _receiver.Spans.Count;

        public static async Task<FreshStack> StartAsync(string serviceName, params string[] agentArgs)
        {
            var receiver = await OtlpHttpReceiver.StartAsync();
            var backend = await BackendServer.StartAsync();
            var agentPort = Ports.GetFreeTcpPort();
            var agent = await AgentLauncher.StartAsync(agentPort, AgentLauncher.OtlpTo(receiver, serviceName, TimeSpan.FromMilliseconds(100)), ["-Totlp-http", .. agentArgs]);
            var frontendPort = Ports.GetFreeTcpPort();
            var haproxy = await HaproxyProcess.StartAsync(ExampleConfig.Load(frontendPort, backend.Port, agentPort, Ports.GetFreeTcpPort()),
                "haproxy.cfg", new Dictionary<string, string>(), frontendPort);
            return new FreshStack(receiver, backend, agent, haproxy, frontendPort);
        }

        public Task<(HttpStatusCode Status, string SpoeError)> GetAsync(string url) => AgentLauncher.GetAsync(_http, url);

        public async Task<List<ReceivedSpan>> WaitForTraceAsync(string url)
        {
            await _receiver.Spans.WaitAsync(s => TraceOf(s, url).Count >= NineSpans.Length, AgentLauncher.SafetyNet);
            Assert.Empty(_receiver.Errors);
            return TraceOf(_receiver.Spans.Snapshot(), url);
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _haproxy.DisposeAsync();
            _agent.Dispose();
            await _backend.DisposeAsync();
            await _receiver.DisposeAsync();
        }
    }
}
