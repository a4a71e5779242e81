using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.Propagation;

/// <summary>Issue 5 end to end: the semconv preset on real HAProxy 2.6, context in from the client and out to the
/// server, spans received over OTLP/HTTP.</summary>
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed partial class SemconvPresetTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    private const int Server = 2;
    private const int Client = 3;
    private const int Error = 2;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Incoming_traceparent_is_continued_and_the_client_span_is_injected_into_the_request_to_the_server()
    {
        await using var stack = await SemconvStack.StartAsync(fixture.Backend);
        var traceId = RandomHex(16);
        var parentId = RandomHex(8);
        var url = $"/headers?req={Guid.NewGuid():N}";
        using (var http = stack.CreateClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{parentId}-01");
            request.Headers.Add("tracestate", "vendor=abc");
            request.Headers.Add("baggage", "user=alice");
            request.Headers.UserAgent.ParseAdd("e2e-client/1.0");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var spans = await stack.Receiver.Spans.WaitAsync(s => s.Count(x => x.TraceId == traceId) >= 2, SafetyNet);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Equal(2, trace.Count);
        var server = Assert.Single(trace, s => s.Kind == Server);
        var client = Assert.Single(trace, s => s.Kind == Client);
        Assert.Equal(parentId, server.ParentSpanId);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.All(trace, s => Assert.Equal("vendor=abc", s.TraceState));
        Assert.All(trace, s => Assert.Equal("alice", s.Attributes["baggage.user"]));

        // The server got the CLIENT span as parent, and the rest of the context.
        var received = Assert.Single(fixture.Backend.Requests, r => r.PathAndQuery == url);
        Assert.Equal($"00-{traceId}-{client.SpanId}-01", received.Headers["traceparent"]);
        Assert.Equal("vendor=abc", received.Headers["tracestate"]);
        Assert.Equal("user=alice", received.Headers["baggage"]);

        // The trace id is in HAProxy's log line (log-format with %[var(txn.spoe.trace_id)]).
        var line = await stack.Haproxy.Log.WaitForLineAsync(l => l.Contains(url, StringComparison.Ordinal), SafetyNet);
        Assert.Contains($"trace_id={traceId}", line, StringComparison.Ordinal);
        Assert.Equal(1, stack.Engine.Metrics.ContextsExtracted);
    }

    [Fact]
    public async Task The_preset_gives_exactly_a_server_and_a_client_span_with_the_stable_attributes()
    {
        await using var stack = await SemconvStack.StartAsync(fixture.Backend);
        var url = $"/?req={Guid.NewGuid():N}";
        using (var http = stack.CreateClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            request.Headers.UserAgent.ParseAdd("e2e-client/1.0");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var trace = await WaitForRequestAsync(stack, url);
        var server = Assert.Single(trace, s => s.Kind == Server);
        var client = Assert.Single(trace, s => s.Kind == Client);
        Assert.Equal(2, trace.Count);
        Assert.Equal("", server.ParentSpanId);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.All(trace, s => Assert.Equal("GET", s.Name));
        Assert.All(trace, s => Assert.Equal(0, s.StatusCode));

        var query = url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..];
        Assert.Equal("GET", server.Attributes["http.request.method"]);
        Assert.Equal("/", server.Attributes["url.path"]);
        Assert.Equal("http", server.Attributes["url.scheme"]);
        Assert.Equal(query, server.Attributes["url.query"]);
        Assert.Equal("127.0.0.1", server.Attributes["server.address"]);
        Assert.Equal((long)stack.FrontendPort, server.Attributes["server.port"]);
        Assert.Equal("127.0.0.1", server.Attributes["client.address"]);
        Assert.Equal("1.1", server.Attributes["network.protocol.version"]);
        Assert.Equal("e2e-client/1.0", server.Attributes["user_agent.original"]);
        Assert.Equal(200L, server.Attributes["http.response.status_code"]);
        Assert.Equal("semconv-frontend", server.Attributes["haproxy.frontend"]);

        Assert.Equal("GET", client.Attributes["http.request.method"]);
        Assert.Equal($"http://127.0.0.1:{stack.FrontendPort}{url}", client.Attributes["url.full"]);
        Assert.Equal("127.0.0.1", client.Attributes["server.address"]);
        Assert.Equal((long)fixture.Backend.Port, client.Attributes["server.port"]);
        Assert.Equal(200L, client.Attributes["http.response.status_code"]);
        Assert.Equal("servers-backend", client.Attributes["haproxy.backend"]);
        Assert.Equal("server-1", client.Attributes["haproxy.server"]);
    }

    [Theory]
    [InlineData(503, Error, Error)]
    [InlineData(404, 0, Error)]
    public async Task Status_follows_the_http_rule_5xx_errors_both_4xx_only_the_client_span(int status, int serverStatus, int clientStatus)
    {
        await using var stack = await SemconvStack.StartAsync(fixture.Backend);
        var url = $"/status/{status}?req={Guid.NewGuid():N}";
        using (var http = stack.CreateClient())
        using (var response = await http.GetAsync(url))
        {
            Assert.Equal(status, (int)response.StatusCode);
        }

        var trace = await WaitForRequestAsync(stack, url);
        var server = Assert.Single(trace, s => s.Kind == Server);
        var client = Assert.Single(trace, s => s.Kind == Client);
        Assert.Equal(serverStatus, server.StatusCode);
        Assert.Equal(clientStatus, client.StatusCode);
        Assert.Equal((long)status, client.Attributes["http.response.status_code"]);
    }

    [Fact]
    public async Task With_ts_span_durations_match_haproxys_timers()
    {
        await using var stack = await SemconvStack.StartAsync(fixture.Backend);
        using var http = stack.CreateClient();
        (await http.GetAsync("/?warm-up")).Dispose();
        for (var i = 0; i < 3; i++)
        {
            var url = $"/sleep/50?req={Guid.NewGuid():N}";
            (await http.GetAsync(url)).Dispose();
            var trace = await WaitForRequestAsync(stack, url);
            var timers = Timers(await stack.Haproxy.Log.WaitForLineAsync(l => l.Contains(url, StringComparison.Ordinal), SafetyNet));
            var (wait, connect, response, active) = (timers[1], timers[2], timers[3], timers[4]);
            // Both spans run from the request message (before the connection) to the response message, so they cover
            // Tw+Tc+Tr and lie within the active time Ta. Each HAProxy timer is a difference of millisecond ticks, so it
            // is within 1 ms of the truth; a sum of two non-zero timers (Tc+Tr) is within 2 ms. The spans' ends are
            // date(0,us), taken when each event is processed, not at the ticks the timers use: one more millisecond
            // (a 50.941 ms span against a lower bound of 51 ms was seen once).
            Assert.Equal(2, trace.Count);
            var margin = 1 + Math.Max(1, new[] { wait, connect, response }.Count(t => t > 0));
            Assert.All(trace, span => Assert.InRange(Milliseconds(span), wait + connect + response - margin, active + 1));
        }
    }

    [Fact]
    public async Task Spans_use_haproxys_event_times_with_ts_and_the_agents_receive_times_without()
    {
        // The agent holds every frame for this long before handling it, so HAProxy's event times and the agent's
        // receive times are about that far apart (half of it is the margin for timer granularity and scheduling,
        // which only make the gaps larger or shorter by milliseconds). Each check passes only with the times it expects:
        // with ts=, HAProxy took the response time and then waited for the agent before answering the client;
        // without it, the agent read the request message no sooner than the delay after the client sent it.
        // Well inside the preset's own `timeout processing 100ms` (the test runs the shipped budget), so every event is ACKed in time.
        var delay = TimeSpan.FromMilliseconds(20);
        await using (var stack = await SemconvStack.StartAsync(fixture.Backend, null, delay))
        {
            var (trace, _, answered) = await SleepRequestAsync(stack);
            Assert.All(trace, s => Assert.True(answered - End(s) >= delay / 2, $"span ended {(answered - End(s)).TotalMilliseconds} ms before the answer"));
        }

        await using (var stack = await SemconvStack.StartAsync(fixture.Backend, null, delay, (" ts=date(0,us)", "")))
        {
            var (trace, sent, _) = await SleepRequestAsync(stack);
            Assert.All(trace, s => Assert.True(Start(s) - sent >= delay / 2, $"span started {(Start(s) - sent).TotalMilliseconds} ms after the request"));
            Assert.All(trace, s => Assert.True(Milliseconds(s) >= 50, $"{s.Kind} lasted {Milliseconds(s)} ms"));
        }
    }

    private static async Task<(List<ReceivedSpan> Trace, DateTime Sent, DateTime Answered)> SleepRequestAsync(SemconvStack stack)
    {
        using var http = stack.CreateClient();
        var url = $"/sleep/50?req={Guid.NewGuid():N}";
        var sent = DateTime.UtcNow;
        (await http.GetAsync(url)).Dispose();
        var answered = DateTime.UtcNow;
        var trace = await WaitForRequestAsync(stack, url);
        Assert.Equal(2, trace.Count);
        return (trace, sent, answered);
    }

    private static DateTime Start(ReceivedSpan span) => DateTime.UnixEpoch.AddTicks((long)(span.StartTimeUnixNano / 100));

    private static DateTime End(ReceivedSpan span) => DateTime.UnixEpoch.AddTicks((long)(span.EndTimeUnixNano / 100));

    private static double Milliseconds(ReceivedSpan span) => (span.EndTimeUnixNano - span.StartTimeUnixNano) / 1_000_000.0;

    /// <summary>
    /// Every span of the request to <paramref name="url"/> (found by its query, unique per test). HAProxy answers only
    /// after the agent ACKed both groups, so a request sent afterwards finishes its spans later and they leave the
    /// export queue after these: once a marker request's spans have arrived, so has anything else this request made.
    /// </summary>
    private static async Task<List<ReceivedSpan>> WaitForRequestAsync(SemconvStack stack, string url)
    {
        var traceId = await WaitForTraceIdAsync(stack, url);
        var marker = $"/?marker={Guid.NewGuid():N}";
        using (var http = stack.CreateClient())
        {
            (await http.GetAsync(marker)).Dispose();
        }

        await WaitForTraceIdAsync(stack, marker);
        return stack.Receiver.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
    }

    /// <summary>The trace id of the request to <paramref name="url"/>, once its two spans have arrived.</summary>
    private static async Task<string> WaitForTraceIdAsync(SemconvStack stack, string url)
    {
        var query = url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..];
        var all = await stack.Receiver.Spans.WaitAsync(s =>
        {
            var root = s.FirstOrDefault(x => x.Attributes.TryGetValue("url.query", out var q) && Equals(q, query));
            return root is not null && s.Count(x => x.TraceId == root.TraceId) >= 2;
        }, SafetyNet);
        return all.First(x => x.Attributes.TryGetValue("url.query", out var q) && Equals(q, query)).TraceId;
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));

    /// <summary>%TR/%Tw/%Tc/%Tr/%Ta of a log line written by the preset's log-format.</summary>
    private static int[] Timers(string line)
    {
        var match = TimersPattern().Match(line);
        Assert.True(match.Success, $"no timers in '{line}'");
        return [.. match.Groups[1].Value.Split('/').Select(t => int.Parse(t, CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@" (-?\d+/-?\d+/-?\d+/-?\d+/-?\d+) ")]
    private static partial Regex TimersPattern();
}
