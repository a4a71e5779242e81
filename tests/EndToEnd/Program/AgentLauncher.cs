using System.Globalization;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>Starts the built program on a loopback port and sends requests through HAProxy the way the tests need.</summary>
internal static class AgentLauncher
{
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    /// <summary>OTEL_* variables that send the agent's spans to <paramref name="receiver"/> over OTLP/HTTP.</summary>
    public static Dictionary<string, string> OtlpTo(OtlpHttpReceiver receiver, string serviceName, TimeSpan scheduleDelay) => new()
    {
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = receiver.TracesEndpoint.ToString(),
        ["OTEL_SERVICE_NAME"] = serviceName,
        ["OTEL_BSP_SCHEDULE_DELAY"] = ((long)scheduleDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary><c>spoa-opentracing -r0 -a127.0.0.1 -p&lt;port&gt; args…</c>, returned once the port accepts.</summary>
    public static async Task<AgentProcess> StartAsync(int port, IDictionary<string, string> environment, params string[] args)
    {
        var agent = AgentProcess.Start(environment, ["-r0", "-a127.0.0.1", "-p" + port.ToString(CultureInfo.InvariantCulture), .. args]);
        try
        {
            await WaitListeningAsync(port, () => agent.HasExited);
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>Waits until 127.0.0.1:<paramref name="port"/> accepts; fails early once <paramref name="gone"/> says the process died.</summary>
    public static async Task WaitListeningAsync(int port, Func<bool> gone)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!await Ports.IsAcceptingAsync(port))
        {
            Assert.False(gone(), $"the agent exited before listening on {port}");
            Assert.True(DateTime.UtcNow < deadline, $"the agent did not listen on {port} within {SafetyNet}");
            await Task.Delay(50);
        }
    }

    /// <summary>GET through HAProxy: the status and the SPOE error variable HAProxy echoes (empty = every event ACKed).</summary>
    public static async Task<(HttpStatusCode Status, string SpoeError)> GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var spoeError = response.Headers.TryGetValues("X-SPOE-Error", out var e) ? string.Join(",", e) : "<none>";
        return (response.StatusCode, spoeError);
    }

    public static HttpClient Client(int port) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = SafetyNet };
}
