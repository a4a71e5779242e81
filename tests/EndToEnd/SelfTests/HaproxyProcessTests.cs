using System.Net;
using System.Text.Json;
using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.SelfTests;

/// <summary>The HAProxy harness itself: config check, proxying to the backend, logs, stats socket, stop by PID.</summary>
[Collection(HaproxyCollection.Name)]
public sealed class HaproxyProcessTests
{
    private const string ProxyConfig = HaproxyConfigs.GlobalAndDefaults + """
        frontend fe_test
            bind 127.0.0.1:{{FRONTEND_PORT}}
            option forwardfor
            http-response set-header X-Via-Haproxy yes
            default_backend be_app

        backend be_app
            server app 127.0.0.1:{{BACKEND_PORT}} check inter 500ms
        """;

    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Proxies_to_the_backend_logs_reports_the_server_UP_and_stops_by_pid()
    {
        await using var backend = await BackendServer.StartAsync();
        var frontendPort = Ports.GetFreeTcpPort();
        var haproxy = await HaproxyProcess.StartAsync(ProxyConfig, Values(frontendPort, backend.Port), frontendPort);
        var pid = haproxy.Pid;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{frontendPort}") };
            using var response = await client.GetAsync("/headers?probe=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Via-Haproxy")));
            var echoed = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("127.0.0.1", echoed["x-forwarded-for"]);

            var seen = Assert.Single(backend.Requests, r => r.PathAndQuery == "/headers?probe=1");
            Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);

            await haproxy.Log.WaitForLineAsync(l => l.Contains("fe_test be_app/app") && l.Contains("\"GET /headers?probe=1 HTTP/1.1\""), SafetyNet);
            await haproxy.Stats.WaitForServerUpAsync("be_app", "app", SafetyNet);
        }
        finally
        {
            await haproxy.DisposeAsync();
        }

        Assert.False(Directory.Exists($"/proc/{pid}"), $"haproxy pid {pid} still exists after dispose");
        Assert.False(await Ports.IsAcceptingAsync(frontendPort));
        Assert.False(Directory.Exists(haproxy.Directory));
    }

    [Fact]
    public async Task A_config_the_checker_rejects_fails_start_with_its_output()
    {
        var frontendPort = Ports.GetFreeTcpPort();
        var broken = ProxyConfig.Replace("option forwardfor", "option no-such-option");

        var error = await Assert.ThrowsAsync<HaproxyConfigException>(() => HaproxyProcess.StartAsync(broken, Values(frontendPort, 1), frontendPort));

        Assert.Contains("no-such-option", error.CheckerOutput);
        Assert.False(await Ports.IsAcceptingAsync(frontendPort));
    }

    [Fact]
    public void A_placeholder_without_a_value_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => HaproxyProcess.Render("bind 127.0.0.1:{{PORT}}", new Dictionary<string, string>()));
        Assert.Contains("{{PORT}}", error.Message);
    }

    private static Dictionary<string, string> Values(int frontendPort, int backendPort) => new()
    {
        ["FRONTEND_PORT"] = frontendPort.ToString(),
        ["BACKEND_PORT"] = backendPort.ToString(),
    };
}
