using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.EndToEnd.Spop;

/// <summary>Issue 2 end to end: the SPOP server against real HAProxy 2.6 (handshake, every type, set-var,
/// health check, pipelined load with no crossed ACKs).</summary>
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class SpopEchoTests(EchoAgentFixture fixture) : IClassFixture<EchoAgentFixture>
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_type_round_trips_through_a_set_var_and_comes_back_with_its_type()
    {
        var value = "single-" + Guid.NewGuid().ToString("N");
        var headers = await GetEchoAsync($"http://127.0.0.1:{fixture.FrontendPort}/", value);

        Assert.Equal(value, headers["X-Echo-val"]);
        Assert.Equal("hello", headers["X-Echo-str"]);
        Assert.Equal("42", headers["X-Echo-int"]);
        Assert.Equal("-9000000000", headers["X-Echo-neg"]);
        Assert.Equal("1", headers["X-Echo-t"]);
        Assert.Equal("0", headers["X-Echo-f"]);
        Assert.Equal("192.168.0.1", headers["X-Echo-v4"]);
        Assert.Equal("2001:db8::1", headers["X-Echo-v6"]);
        Assert.Equal("127.0.0.1", headers["X-Echo-src"]);
        Assert.Equal("0001FF", headers["X-Echo-bin"]);
        Assert.Equal("absent", headers["X-Echo-nul"]);
        Assert.Equal("", headers["X-Echo-err"]);

        var sent = fixture.Handler.Sent[value];
        Assert.Equal(SpopDataType.String, sent["str"].Type);
        Assert.Equal(SpopDataType.Int64, sent["int"].Type);
        Assert.Equal(new EchoedValue(SpopDataType.Int64, "-9000000000"), sent["neg"]);
        Assert.Equal(new EchoedValue(SpopDataType.Boolean, "true"), sent["t"]);
        Assert.Equal(new EchoedValue(SpopDataType.Boolean, "false"), sent["f"]);
        Assert.Equal(SpopDataType.IPv4, sent["v4"].Type);
        Assert.Equal(new EchoedValue(SpopDataType.IPv6, "2001:db8::1"), sent["v6"]);
        Assert.Equal(new EchoedValue(SpopDataType.IPv4, "127.0.0.1"), sent["src"]);
        Assert.Equal(new EchoedValue(SpopDataType.Binary, "0001ff"), sent["bin"]);
        Assert.Equal(SpopDataType.Null, sent["nul"].Type);

        // What HAProxy stored from our SET-VARs, sent back on the response event: same type, same value.
        var back = await WaitForEchoBackAsync(value);
        Assert.Equal(sent, back);

        await fixture.Haproxy.Log.WaitForLineAsync(l => l.Contains("SPOE: [echo-agent] <EVENT:on-frontend-http-request>") && l.Contains(" st=0 "), SafetyNet);
        Assert.Equal(0, fixture.Agent.Metrics.HandlerErrors);
    }

    [Fact]
    public async Task An_IPv6_client_address_arrives_as_IPv6_and_is_set_back_as_IPv6()
    {
        var value = "ipv6-" + Guid.NewGuid().ToString("N");
        var headers = await GetEchoAsync($"http://[::1]:{fixture.FrontendPort}/", value);

        Assert.Equal("::1", headers["X-Echo-src"]);
        Assert.Equal("", headers["X-Echo-err"]);
        Assert.Equal(new EchoedValue(SpopDataType.IPv6, "::1"), fixture.Handler.Sent[value]["src"]);
        Assert.Equal(new EchoedValue(SpopDataType.IPv6, "::1"), (await WaitForEchoBackAsync(value))["src"]);
    }

    [Fact]
    public async Task Health_checks_keep_the_agent_server_UP()
    {
        var stats = fixture.Haproxy.Stats;
        await stats.WaitForServerUpAsync(EchoConfig.AgentBackend, EchoConfig.AgentServer, SafetyNet);
        var checksBefore = fixture.Agent.Metrics.HealthChecks;

        // A few more check intervals (inter 500ms) must each reach the agent and pass.
        var deadline = DateTime.UtcNow + SafetyNet;
        while (fixture.Agent.Metrics.HealthChecks < checksBefore + 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {fixture.Agent.Metrics.HealthChecks - checksBefore} health checks in {SafetyNet}");
            await Task.Delay(100);
        }

        var stat = await stats.GetServerStatAsync(EchoConfig.AgentBackend, EchoConfig.AgentServer);
        Assert.Equal("UP", stat["status"]);
        Assert.Equal("0", stat["chkfail"]);
        Assert.Equal("0", stat["chkdown"]);
    }

    [Fact]
    public async Task Five_hundred_requests_from_sixteen_clients_each_get_their_own_value_back()
    {
        const int clients = 16;
        const int requests = 500;
        var errorsBefore = fixture.Agent.Metrics.HandlerErrors;
        var next = -1;
        var run = Guid.NewGuid().ToString("N");
        var mismatches = new System.Collections.Concurrent.ConcurrentQueue<string>();

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.FrontendPort}"), Timeout = SafetyNet };
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var value = $"load-{run}-{client}-{i}";
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Add("x-value", value);
                using var response = await http.SendAsync(request);
                var echoed = response.Headers.TryGetValues("X-Echo-val", out var v) ? string.Join(",", v) : "<none>";
                var error = response.Headers.TryGetValues("X-Echo-err", out var e) ? string.Join(",", e) : "<none>";
                if (response.StatusCode != HttpStatusCode.OK || echoed != value || error != "")
                {
                    mismatches.Enqueue($"{value}: status {(int)response.StatusCode}, echoed '{echoed}', err '{error}'");
                }
            }
        }));

        Assert.Empty(mismatches);
        var sent = fixture.Handler.Sent.Keys.Count(k => k.StartsWith($"load-{run}-", StringComparison.Ordinal));
        Assert.Equal(requests, sent);
        var back = fixture.Handler.EchoedBack.Where(kv => kv.Key.StartsWith($"load-{run}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(requests, back.Count);
        Assert.All(back, kv => Assert.Equal(fixture.Handler.Sent[kv.Key], kv.Value));
        Assert.Equal(0, fixture.Handler.Duplicates);
        Assert.Equal(errorsBefore, fixture.Agent.Metrics.HandlerErrors);
    }

    private static async Task<Dictionary<string, string>> GetEchoAsync(string url, string value)
    {
        using var http = new HttpClient { Timeout = SafetyNet };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-value", value);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BackendServer.Body, await response.Content.ReadAsStringAsync());
        return response.Headers.Where(h => h.Key.StartsWith("X-Echo-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
    }

    // echo-back is sent on the response event; HAProxy may forward the response before the agent's ACK is read.
    private async Task<IReadOnlyDictionary<string, EchoedValue>> WaitForEchoBackAsync(string value)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        IReadOnlyDictionary<string, EchoedValue>? back;
        while (!fixture.Handler.EchoedBack.TryGetValue(value, out back))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no echo-back for {value}");
            await Task.Delay(20);
        }

        return back;
    }
}
