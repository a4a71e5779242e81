using System.Net;
using System.Net.Sockets;
using System.Text;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Propagation;
using SpoaOpenTracing.Tracing.Requests;

namespace SpoaOpenTracing.EndToEnd.LogMode;

/// <summary>Issue 15 end to end: the log-mode preset on real HAProxy 2.6, trace lines over UDP and through a ring over
/// TCP into the program's log input, spans received over OTLP/HTTP and checked against what the server received.</summary>
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class LogModeTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    private const int Server = 2;
    private const int Client = 3;
    private const int Error = 2;
    private const int Requests = 2_000;
    private const int Clients = 8;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_request_of_a_load_gives_its_server_and_client_spans_with_the_ids_the_server_received(bool tcp)
    {
        await using var stack = await LogModeStack.StartAsync(fixture.Backend, tcp);
        var run = await LoadAsync(stack, Requests);

        var spans = await stack.Receiver.Spans.WaitAsync(s => s.Count >= 2 * Requests, SafetyNet);
        Assert.Equal(2 * Requests, spans.Count);
        var byTrace = spans.GroupBy(s => s.TraceId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var received in run)
        {
            var (traceId, clientSpanId, flags) = Traceparent(received.Headers["traceparent"]);
            Assert.Equal("01", flags);
            var trace = byTrace[traceId];
            var server = Assert.Single(trace, s => s.Kind == Server);
            var client = Assert.Single(trace, s => s.Kind == Client);
            Assert.Equal(clientSpanId, client.SpanId);
            Assert.Equal(server.SpanId, client.ParentSpanId);
            Assert.Equal("", server.ParentSpanId);
            Assert.Equal(received.PathAndQuery, $"{server.Attributes["url.path"]}?{server.Attributes["url.query"]}");
            Assert.Equal(200L, server.Attributes["http.response.status_code"]);
            Assert.Equal("server-1", client.Attributes["haproxy.server"]);
            Assert.True(server.StartTimeUnixNano <= client.StartTimeUnixNano && client.EndTimeUnixNano <= server.EndTimeUnixNano);
        }

        Assert.Equal(Requests, stack.Handler.Counters.Lines(TraceLineError.None));
        Assert.Equal(2L * Requests, stack.Handler.Counters.Spans);
        Assert.Equal(0, stack.Handler.Counters.BadLines);
    }

    [Fact]
    public async Task A_client_traceparent_is_continued_and_its_sampled_flag_is_honoured_both_ways()
    {
        await using var stack = await LogModeStack.StartAsync(fixture.Backend, tcp: false);
        var (sampledTrace, sampledParent) = (RandomHex(16), RandomHex(8));
        var (unsampledTrace, unsampledParent) = (RandomHex(16), RandomHex(8));
        var sampled = await GetAsync(stack, $"/?continued={sampledTrace}", $"00-{sampledTrace}-{sampledParent}-01", "vendor=abc");
        var unsampled = await GetAsync(stack, $"/?continued={unsampledTrace}", $"00-{unsampledTrace}-{unsampledParent}-00", "vendor=def");
        // A later sampled request: once its spans are in, the unsampled one's would be too, had it made any.
        var marker = await GetAsync(stack, "/?marker=" + Guid.NewGuid().ToString("N"), null, null);

        var (markerTrace, _, _) = Traceparent(marker.Headers["traceparent"]);
        var spans = await stack.Receiver.Spans.WaitAsync(s => s.Count(x => x.TraceId == markerTrace) == 2 && s.Count(x => x.TraceId == sampledTrace) == 2, SafetyNet);
        var (trace, clientSpanId, flags) = Traceparent(sampled.Headers["traceparent"]);
        Assert.Equal((sampledTrace, "01"), (trace, flags));
        var server = Assert.Single(spans, s => s.TraceId == sampledTrace && s.Kind == Server);
        var client = Assert.Single(spans, s => s.TraceId == sampledTrace && s.Kind == Client);
        Assert.Equal(sampledParent, server.ParentSpanId);
        Assert.Equal(clientSpanId, client.SpanId);
        Assert.All(new[] { server, client }, s => Assert.Equal("vendor=abc", s.TraceState));
        Assert.Equal("vendor=abc", sampled.Headers["tracestate"]);

        // Not sampled by the client: the trace goes on to the server with flag 00, and nothing is recorded.
        var (unsampledSeen, unsampledClient, unsampledFlags) = Traceparent(unsampled.Headers["traceparent"]);
        Assert.Equal((unsampledTrace, "00"), (unsampledSeen, unsampledFlags));
        Assert.NotEqual(unsampledParent, unsampledClient);
        Assert.Equal("vendor=def", unsampled.Headers["tracestate"]);
        Assert.DoesNotContain(spans, s => s.TraceId == unsampledTrace);
        Assert.Equal(2, stack.Handler.Counters.Lines(TraceLineError.None));
    }

    [Fact]
    public async Task An_invalid_traceparent_starts_a_new_trace_and_its_tracestate_is_dropped()
    {
        await using var stack = await LogModeStack.StartAsync(fixture.Backend, tcp: false);
        var zeroTrace = new string('0', 32);

        var received = await GetAsync(stack, "/?invalid=" + Guid.NewGuid().ToString("N"), $"00-{zeroTrace}-{RandomHex(8)}-01", "vendor=abc");

        var (traceId, _, flags) = Traceparent(received.Headers["traceparent"]);
        Assert.NotEqual(zeroTrace, traceId);
        Assert.Equal("01", flags);
        Assert.False(received.Headers.ContainsKey("tracestate"));
        var spans = await stack.Receiver.Spans.WaitAsync(s => s.Count(x => x.TraceId == traceId) == 2, SafetyNet);
        Assert.Equal("", Assert.Single(spans, s => s.TraceId == traceId && s.Kind == Server).ParentSpanId);
    }

    [Fact]
    public async Task A_ratio_of_a_quarter_samples_within_the_binomial_interval_and_every_sampled_request_has_its_spans()
    {
        await using var stack = await LogModeStack.StartAsync(fixture.Backend, tcp: false,
            (LogModePreset.SampleRatio, "presetenv TRACE_SAMPLE_PER_MILLION 250000"));
        var run = await LoadAsync(stack, Requests);

        var sampled = run.Select(r => Traceparent(r.Headers["traceparent"])).Where(t => t.Flags == "01").ToList();
        // Binomial(2000, 0.25): mean 500, standard deviation 19.4; 99.9% two-sided is ±3.29 sd.
        var deviation = 3.29 * Math.Sqrt(Requests * 0.25 * 0.75);
        Assert.InRange(sampled.Count, 500 - deviation, 500 + deviation);
        var spans = await stack.Receiver.Spans.WaitAsync(s => s.Count >= 2 * sampled.Count, SafetyNet);
        Assert.Equal(2 * sampled.Count, spans.Count);
        Assert.Equal(sampled.Select(t => t.ClientSpanId).Order(), spans.Where(s => s.Kind == Client).Select(s => s.SpanId).Order());
        Assert.All(run.Select(r => Traceparent(r.Headers["traceparent"])), t => Assert.Contains(t.Flags, new[] { "00", "01" }));
    }

    [Fact]
    public async Task A_server_that_refuses_connections_gives_503_SC_with_errors_on_both_spans()
    {
        var closed = Ports.GetFreeTcpPort();
        await using var stack = await LogModeStack.StartAsync(fixture.Backend, tcp: false,
            ($"server server-1 127.0.0.1:{fixture.Backend.Port}", $"server server-1 127.0.0.1:{closed}"));
        using var http = stack.CreateClient();
        using var response = await http.GetAsync("/refused");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        var spans = await stack.Receiver.Spans.WaitAsync(2, SafetyNet);
        var server = Assert.Single(spans, s => s.Kind == Server);
        var client = Assert.Single(spans, s => s.Kind == Client);
        // HAProxy names the server it tried (with its retries): the hop exists and failed while connecting.
        Assert.Equal("SC", server.Attributes["haproxy.termination_state"]);
        Assert.Equal(503L, server.Attributes["http.response.status_code"]);
        Assert.Equal((Error, "termination state SC: server aborted or refused while connecting to the server"), (server.StatusCode, server.StatusMessage));
        Assert.Equal((Error, server.StatusMessage), (client.StatusCode, client.StatusMessage));
        Assert.Equal(3L, client.Attributes["haproxy.retries"]);
        Assert.False(client.Attributes.ContainsKey("haproxy.timer.connect_ms"));
    }

    [Fact]
    public async Task A_server_slower_than_timeout_server_gives_504_sH()
    {
        await using var stack = await LogModeStack.StartAsync(fixture.Backend, tcp: false, ("    timeout server 50000", "    timeout server 300ms"));
        using var http = stack.CreateClient();
        using var response = await http.GetAsync("/sleep/2000");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);

        var spans = await stack.Receiver.Spans.WaitAsync(2, SafetyNet);
        var server = Assert.Single(spans, s => s.Kind == Server);
        var client = Assert.Single(spans, s => s.Kind == Client);
        Assert.Equal("sH", server.Attributes["haproxy.termination_state"]);
        Assert.Equal(504L, client.Attributes["http.response.status_code"]);
        const string description = "termination state sH: server-side timeout while waiting for the response headers";
        Assert.Equal((Error, description), (server.StatusCode, server.StatusMessage));
        Assert.Equal((Error, description), (client.StatusCode, client.StatusMessage));
        Assert.False(client.Attributes.ContainsKey("haproxy.timer.response_ms"));
    }

    [Fact]
    public async Task Bad_lines_sent_to_the_same_socket_are_counted_by_reason_and_nothing_else_is_lost()
    {
        const int requests = 300;
        const int each = 40;
        await using var stack = await LogModeStack.StartAsync(fixture.Backend, tcp: false);
        var good = "<134>1 2026-12-03T12:00:00+00:00 - haproxy 1 - - otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c "
            + "server_span_id=00f067aa0ba902b7 start_us=1700000000000000 end_us=1700000000001000";
        string[] bad =
        [
            "<134>1 2026-12-03T12:00:00+00:00 - haproxy 1 - - Proxy logs-frontend started.",
            "<134>1 2026-12-03T12:00:00+00:00 - haproxy 1 - - otel-trace/7 trace_id=x end;",
            good,
            good.Replace("00f067aa0ba902b7", "00F067AA0BA902B7", StringComparison.Ordinal) + " end;",
            good + " path=\"\\x\" end;",
        ];
        TraceLineError[] reasons = [TraceLineError.NotATraceLine, TraceLineError.UnknownVersion, TraceLineError.Truncated, TraceLineError.BadId, TraceLineError.BadQuoting];

        using var sender = new UdpClient();
        sender.Connect(IPAddress.Loopback, stack.LogPort);
        var load = LoadAsync(stack, requests);
        for (var i = 0; i < each; i++)
        {
            foreach (var line in bad)
            {
                await sender.SendAsync(Encoding.ASCII.GetBytes(line));
            }

            await Task.Delay(2);
        }

        await load;
        var spans = await stack.Receiver.Spans.WaitAsync(s => s.Count >= 2 * requests, SafetyNet);
        Assert.Equal(2 * requests, spans.Count);
        Assert.Equal(requests, stack.Handler.Counters.Lines(TraceLineError.None));
        Assert.All(reasons, r => Assert.Equal(each, stack.Handler.Counters.Lines(r)));
        Assert.Equal(bad.Length * each, stack.Handler.Counters.BadLines);
        Assert.Equal(0, stack.Listener.Metrics.ReceiveBufferDrops);
    }

    /// <summary><paramref name="count"/> GETs from <see cref="Clients"/> concurrent clients; what the server received for them.</summary>
    private async Task<List<ReceivedRequest>> LoadAsync(LogModeStack stack, int count)
    {
        var run = Guid.NewGuid().ToString("N");
        var next = -1;
        var workers = Enumerable.Range(0, Clients).Select(async _ =>
        {
            using var http = stack.CreateClient();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var response = await http.GetAsync($"/?run={run}&i={i}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });
        await Task.WhenAll(workers);
        var received = fixture.Backend.Requests.Where(r => r.PathAndQuery.StartsWith($"/?run={run}&", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, received.Count);
        return received;
    }

    private async Task<ReceivedRequest> GetAsync(LogModeStack stack, string url, string? traceparent, string? tracestate)
    {
        using (var http = stack.CreateClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            if (traceparent is not null)
            {
                request.Headers.Add("traceparent", traceparent);
            }

            if (tracestate is not null)
            {
                request.Headers.Add("tracestate", tracestate);
            }

            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return Assert.Single(fixture.Backend.Requests, r => r.PathAndQuery == url);
    }

    private static (string TraceId, string ClientSpanId, string Flags) Traceparent(string header)
    {
        var parts = header.Split('-');
        Assert.Equal(4, parts.Length);
        return (parts[1], parts[2], parts[3]);
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));
}
