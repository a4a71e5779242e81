using System.Collections.Concurrent;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Tracing;

/// <summary>Issue 3 end to end: the seed's example configs on real HAProxy 2.6, spans checked as received over OTLP/HTTP.</summary>
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed partial class SeedTraceTests(TracingFixture fixture) : IClassFixture<TracingFixture>
{
    private const string BaggageHaproxyId = "baggage.haproxy_id";
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private static readonly string[] NineSpans =
    [
        HaproxySession, ClientSession, FrontendTcpRequest, FrontendHttpRequest, BackendTcpRequest, BackendHttpRequest,
        ServerSession, TcpResponse, HttpResponse,
    ];

    [Fact]
    public async Task A_request_yields_the_nine_spans_of_the_seed_with_references_tags_and_baggage()
    {
        var url = $"/?req={Guid.NewGuid():N}";
        using (var response = await GetAsync(fixture.FrontendPort, url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(BackendServer.Body, await response.Content.ReadAsStringAsync());
        }

        var trace = await WaitForTraceAsync(url, 9);
        Assert.Empty(fixture.Receiver.Errors);
        var spans = AssertShape(trace, NineSpans);

        var request = spans[FrontendHttpRequest];
        Assert.Equal("GET", request.Attributes["http.method"]);
        Assert.Equal(url, request.Attributes["http.url"]);
        Assert.Equal("HTTP/1.1", request.Attributes["http.version"]);
        Assert.Equal(200L, spans[HttpResponse].Attributes["http.status_code"]);

        // The unique-id (unique-id-format "%{+X}o %[uuid]:%pid") is the trace key and the haproxy_id baggage item,
        // which every span of the trace carries (all are created after the root that set it).
        var haproxyId = Assert.IsType<string>(spans[HaproxySession].Attributes[BaggageHaproxyId]);
        Assert.Matches("^[0-9A-Fa-f-]{36}:[0-9A-Fa-f]+$", haproxyId);
        Assert.All(trace, s => Assert.Equal(haproxyId, s.Attributes[BaggageHaproxyId]));

        Assert.All(trace, s => Assert.Equal(0, s.StatusCode));
        Assert.All(trace, s => Assert.False(s.Attributes.ContainsKey("error"), $"{s.Name} has an error attribute"));
        Assert.All(trace, s => Assert.Equal("spoa-e2e", s.ResourceAttributes["service.name"]));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(503)]
    public async Task A_4xx_or_5xx_response_marks_HTTP_response_with_error(int status)
    {
        var url = $"/status/{status}?req={Guid.NewGuid():N}";
        using (var response = await GetAsync(fixture.FrontendPort, url))
        {
            Assert.Equal(status, (int)response.StatusCode);
        }

        var spans = AssertShape(await WaitForTraceAsync(url, 9), NineSpans);
        var httpResponse = spans[HttpResponse];
        Assert.Equal((long)status, httpResponse.Attributes["http.status_code"]);
        Assert.Equal(true, httpResponse.Attributes["error"]);
        Assert.Equal(2, httpResponse.StatusCode);
        Assert.All(spans.Values.Where(s => s.Name != HttpResponse), s => Assert.Equal(0, s.StatusCode));
    }

    [Fact]
    public async Task Two_thousand_requests_from_eight_clients_give_eighteen_thousand_spans_none_missing_none_duplicated()
    {
        const int clients = 8;
        const int requests = 2_000;
        var run = Guid.NewGuid().ToString("N");
        var prefix = $"/?load={run}-";
        var failures = new ConcurrentQueue<string>();
        var next = -1;

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.FrontendPort}"), Timeout = SafetyNet };
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using var response = await http.GetAsync(prefix + i);
                var spoeError = response.Headers.TryGetValues("X-SPOE-Error", out var e) ? string.Join(",", e) : "<none>";
                if (response.StatusCode != HttpStatusCode.OK || spoeError != "")
                {
                    failures.Enqueue($"{prefix}{i}: status {(int)response.StatusCode}, SPOE error '{spoeError}'");
                }
            }
        }));
        Assert.Empty(failures);

        await fixture.Receiver.Spans.WaitAsync(s => RunSpans(s, prefix).Count >= requests * 9, SafetyNet);
        Assert.True(fixture.Engine.ForceFlush(TimeSpan.FromSeconds(10)));
        var spans = RunSpans(fixture.Receiver.Spans.Snapshot(), prefix);

        Assert.Empty(fixture.Receiver.Errors);
        Assert.Equal(requests * 9, spans.Count);
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
        var traces = spans.GroupBy(s => s.TraceId).ToList();
        Assert.Equal(requests, traces.Count);
        Assert.All(traces, t => Assert.Equal(NineSpans.Order(), t.Select(s => s.Name).Order()));
        var urls = traces.Select(t => (string)t.Single(s => s.Name == FrontendHttpRequest).Attributes["http.url"]!).ToHashSet();
        Assert.Equal(Enumerable.Range(0, requests).Select(i => prefix + i).ToHashSet(), urls);

        await WaitUntilAsync(() => fixture.Engine.Metrics.OpenTraces == 0, "open traces back to 0");
        Assert.Equal(0, fixture.Engine.Metrics.OpenSpans);
        Assert.Equal(0, fixture.Engine.Metrics.ExportDropped);
        Assert.Equal(0, fixture.Agent.Metrics.HandlerErrors);
    }

    private static List<ReceivedSpan> RunSpans(IReadOnlyList<ReceivedSpan> all, string prefix)
    {
        var traceIds = all
            .Where(s => s.Name == FrontendHttpRequest && s.Attributes.GetValueOrDefault("http.url") is string u && u.StartsWith(prefix, StringComparison.Ordinal))
            .Select(s => s.TraceId)
            .ToHashSet();
        return all.Where(s => traceIds.Contains(s.TraceId)).ToList();
    }

    private async Task<List<ReceivedSpan>> WaitForTraceAsync(string url, int count)
    {
        await fixture.Receiver.Spans.WaitAsync(s => TraceOf(s, url).Count >= count, SafetyNet);
        return TraceOf(fixture.Receiver.Spans.Snapshot(), url);
    }

    private static async Task<HttpResponseMessage> GetAsync(int port, string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = SafetyNet };
        return await http.GetAsync(url);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {SafetyNet}: {what}");
            await Task.Delay(50);
        }
    }
}
