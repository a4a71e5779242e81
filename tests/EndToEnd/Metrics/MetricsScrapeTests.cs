using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SpoaOpenTracing.Cli.Metrics;
using SpoaOpenTracing.EndToEnd.Faults;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Tracing;
using Xunit;

namespace SpoaOpenTracing.EndToEnd.Metrics;

/// <summary>The <c>--metrics-address</c> listener scraped like Prometheus would, after real SPOP traffic.</summary>
[Trait("Category", "Metrics")]
// Serial: every server and engine of this process publishes into the same meter names, and the counts below are one
// agent's; the serial collection runs with no other agent alive.
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class MetricsScrapeTests
{
    [Fact]
    public async Task Scrape_ShowsConnectionsFramesAcksSpansErrorsAndRuntime_HealthzFollowsTheListener()
    {
        await using var agent = await FaultAgent.StartAsync(new TracingOptions { Exporter = ExporterKind.None });
        var endpoint = new MetricsEndpoint(MetricsEndpoint.DefaultHost, Ports.GetFreeTcpPort());
        var serving = true;
        using var listener = new MetricsListener(endpoint, "spoa-metrics-test", () => Volatile.Read(ref serving), NullLogger.Instance);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        await using (var client = await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint))
        {
            for (var i = 0; i < 5; i++)
            {
                await client.NotifyAsync(w => TraceMessages.OneSpanTrace(w, $"scrape-{i}", "scrape"));
            }

            await client.NotifyAsync(w => TraceMessages.OpenRoot(w, "left-open"));
        }

        // A protocol error: a frame over the limit gets DISCONNECT 3.
        await using (var bad = await RawSpopClient.ConnectAsync(agent.EndPoint))
        {
            await bad.SendAsync([0x00, 0x10, 0x00, 0x00, 0x03, 0, 0, 0, 1, 1, 1]);
            Assert.Equal((uint)SpopStatus.FrameTooBig, (await bad.ReadFrameAsync())!.DisconnectStatus());
        }

        await ConnectionFaultTests.WaitUntilAsync(() => agent.Server.Metrics.ConnectionsOpen == 0);
        var response = await http.GetAsync(endpoint.Url("/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var samples = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(2, samples.Value("spop_connections_total", "kind=\"accepted\""));
        Assert.Equal(0, samples.Value("spop_connections_open"));
        Assert.Equal(6, samples.Value("spop_frames_total", "kind=\"notify\""));
        Assert.Equal(6, samples.Value("spop_acks_total", "kind=\"sent\""));
        Assert.Equal(1, samples.Value("spop_protocol_errors_total", "status=\"3\""));
        Assert.Equal(0, samples.Value("spop_protocol_errors_total", "status=\"4\""));
        Assert.Equal(6, samples.Value("tracing_spans_total", "kind=\"started\""));
        Assert.Equal(5, samples.Value("tracing_spans_total", "kind=\"finished\""));
        Assert.Equal(1, samples.Value("tracing_traces_open"));
        Assert.Equal(1, samples.Value("tracing_spans_open"));
        Assert.Equal(0, samples.Value("tracing_export_queue"));
        // Other servers in this test process publish to the same histogram name, hence at least.
        Assert.True(samples.Value("spop_ack_duration_seconds_count") >= 6);
        Assert.True(samples.Value("dotnet_gc_heap_total_allocated_bytes_total") > 0);
        Assert.True(samples.Value("dotnet_process_memory_working_set_bytes") > 0);
        Assert.True(samples.Value("dotnet_thread_pool_thread_count") > 0);

        var health = await http.GetAsync(endpoint.Url(HealthEndpoint.Path));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
        Volatile.Write(ref serving, false);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(endpoint.Url(HealthEndpoint.Path))).StatusCode);
    }

    /// <summary>Prometheus text format: <c>name{labels} value</c> lines, comments skipped.</summary>
    private static Samples Parse(string text)
    {
        var samples = new Samples();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples.Add((line[..space], double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    private sealed class Samples : List<(string Series, double Value)>
    {
        /// <summary>The sum over the series named <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
        public double Value(string name, string? label = null)
        {
            var matching = this.Where(s => (s.Series == name || s.Series.StartsWith(name + "{", StringComparison.Ordinal))
                && (label is null || s.Series.Contains(label, StringComparison.Ordinal))).ToList();
            Assert.True(matching.Count > 0, $"no series {name} {label}");
            return matching.Sum(s => s.Value);
        }
    }
}
