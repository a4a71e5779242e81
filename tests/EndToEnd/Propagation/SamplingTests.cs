using System.Collections.Concurrent;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Tracing.Sampling;

namespace SpoaOpenTracing.EndToEnd.Propagation;

/// <summary>Issue 5 end to end: the ratio sampler decides once per request; sampled-out requests cost one SPOE
/// round trip and still tell the server "not sampled".</summary>
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class SamplingTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    [Fact]
    public async Task Traceidratio_quarter_of_two_thousand_requests_is_sampled_and_sampled_out_ones_cost_one_notify()
    {
        const int requests = 2_000;
        await using var stack = await SemconvStack.StartAsync(fixture.Backend, o =>
        {
            o.Sampler = SamplerKind.TraceIdRatio;
            o.SamplerArgument = 0.25;
        });
        var run = Guid.NewGuid().ToString("N");
        var failures = new ConcurrentQueue<string>();
        var next = -1;
        using (var http = stack.CreateClient())
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    using var response = await http.GetAsync($"/?run={run}&i={i}");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{i}: {(int)response.StatusCode}");
                    }
                }
            }));
        }

        Assert.Empty(failures);
        var sampled = (int)stack.Engine.Metrics.TracesStarted;
        // Binomial(2000, 0.25): mean 500, sd 19.4; the 99.9 % interval is about ±3.29 sd.
        Assert.InRange(sampled, 436, 564);
        Assert.Equal(requests - sampled, stack.Engine.Metrics.TracesSampledOut);

        // A sampled request sends two NOTIFY frames (request, response), a sampled-out one only the first.
        Assert.Equal(requests + sampled, stack.Agent.Metrics.NotifyFrames);

        // Every response is in, so every span this run makes has ended. The exporter counts a batch once its export
        // returned, and the OTLP/HTTP export returns once the receiver has stored the spans: when the counts meet,
        // nothing of this run is still on its way.
        var metrics = stack.Engine.Metrics;
        var ended = metrics.SpansFinished + metrics.SpansReaped;
        await Faults.ConnectionFaultTests.WaitUntilAsync(() => metrics.Exported + metrics.ExportDropped >= ended);
        var spans = stack.Receiver.Spans.Snapshot();
        var exported = spans.GroupBy(s => s.TraceId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(sampled, exported.Count);
        Assert.All(exported.Values, t => Assert.Equal(2, t.Count));

        // Every request reached the server with a traceparent: flag 01 and the CLIENT span as parent when sampled,
        // flag 00 and an unexported trace id when not.
        var ours = fixture.Backend.Requests.Where(r => r.PathAndQuery.Contains(run, StringComparison.Ordinal)).ToList();
        Assert.Equal(requests, ours.Count);
        var notSampled = 0;
        foreach (var request in ours)
        {
            var parts = request.Headers["traceparent"].Split('-');
            Assert.Equal(4, parts.Length);
            if (parts[3] == "00")
            {
                notSampled++;
                Assert.False(exported.ContainsKey(parts[1]), $"sampled-out trace {parts[1]} was exported");
            }
            else
            {
                Assert.Equal("01", parts[3]);
                var client = Assert.Single(exported[parts[1]], s => s.Kind == 3);
                Assert.Equal(client.SpanId, parts[2]);
            }
        }

        Assert.Equal(requests - sampled, notSampled);
    }
}
