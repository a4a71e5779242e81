using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Syslog;

namespace SpoaOpenTracing.EndToEnd.Syslog;

/// <summary>
/// Real HAProxy 2.6 logging every request into our listeners: rfc5424 datagrams over UDP, and two <c>ring</c>
/// sections forwarding over TCP, one with <c>log-proto octet-count</c> and one with the default LF framing.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class HaproxySyslogTests
{
    private const int Requests = 50;

    // The log line carries a quoted header with spaces and quotes, as a trace line will. HAProxy 2.6's %{+Q} adds the
    // quotes but does not escape the ones inside: the body below is what it really writes.
    private const string Config = HaproxyConfigs.GlobalAndDefaults + """
        ring counted
            format rfc5424
            maxlen 2048
            size 65536
            timeout connect 2s
            timeout server 10s
            server agent 127.0.0.1:{{TCP_COUNTED}} log-proto octet-count

        ring lines
            format rfc5424
            maxlen 2048
            size 65536
            timeout connect 2s
            timeout server 10s
            server agent 127.0.0.1:{{TCP_LINES}}

        frontend web
            bind 127.0.0.1:{{FRONTEND}}
            # The start-up probe's empty connection would log a <BADREQ> line.
            option dontlognull
            log 127.0.0.1:{{UDP}} format rfc5424 local0 info
            log ring@counted local0 info
            log ring@lines local0 info
            # Request headers are gone at log time: the note is kept in a variable, as the log-mode preset keeps its fields.
            http-request set-var(txn.note) req.hdr(x-note)
            log-format "v1 path=%{+Q}HP note=%{+Q}[var(txn.note)]"
            http-request return status 200 content-type text/plain string "ok"
        """;

    [Fact]
    public async Task EveryRequestLine_ReachesUdpAndBothRingFramings()
    {
        var udpRecorder = new BodyRecorder();
        var countedRecorder = new BodyRecorder();
        var linesRecorder = new BodyRecorder();
        await using var udp = Start("udp://127.0.0.1:0", udpRecorder);
        await using var counted = Start("tcp://127.0.0.1:0", countedRecorder);
        await using var lines = Start("tcp://127.0.0.1:0", linesRecorder);
        var frontend = Ports.GetFreeTcpPort();
        var values = new Dictionary<string, string>
        {
            ["FRONTEND"] = frontend.ToString(),
            ["UDP"] = Port(udp).ToString(),
            ["TCP_COUNTED"] = Port(counted).ToString(),
            ["TCP_LINES"] = Port(lines).ToString(),
        };
        await using var haproxy = await HaproxyProcess.StartAsync(Config, values, frontend);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{frontend}") };

        for (var i = 0; i < Requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/req/{i}");
            request.Headers.TryAddWithoutValidation("x-note", $"a \"quoted\" note {i}");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        var expected = Enumerable.Range(0, Requests).Select(i => $"v1 path=\"/req/{i}\" note=\"a \"quoted\" note {i}\"").ToHashSet();
        foreach (var (listener, recorder) in new[] { (udp, udpRecorder), (counted, countedRecorder), (lines, linesRecorder) })
        {
            await UntilAsync(() => recorder.Messages.Count >= Requests, $"{Requests} messages on {listener.Endpoint}");
            Assert.All(recorder.Messages, m => Assert.Equal((SyslogFormat.Rfc5424, "haproxy"), (m.Format, m.AppName)));
            Assert.Equal(expected, recorder.Messages.Select(m => m.Body).ToHashSet());
            Assert.Equal(0, listener.Metrics.BadFrames(SyslogFrameError.BadHeader) + listener.Metrics.BadFrames(SyslogFrameError.BadFraming));
        }

        Assert.Equal(1, counted.Metrics.Connections);
        Assert.Equal(1, lines.Metrics.Connections);
    }

    private static SyslogListener Start(string endpoint, ISyslogHandler handler)
    {
        var listener = new SyslogListener(SyslogEndpoint.Parse(endpoint), handler);
        listener.Start();
        return listener;
    }

    private static int Port(SyslogListener listener) => ((IPEndPoint)listener.LocalEndPoint).Port;

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }
}
