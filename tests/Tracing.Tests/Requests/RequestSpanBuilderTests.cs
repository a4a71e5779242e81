using SpoaOpenTracing.Tracing.Requests;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Requests;

public sealed class RequestSpanBuilderTests
{
    private const long Start = 1_700_000_000_000_000_000;

    [Fact]
    public void AFullRecordGivesTheServerAndClientSpansWithHAProxysIds()
    {
        using var harness = new EngineHarness();
        var request = Completed();
        request.ParentSpanId = Span("b7ad6b7169203331");
        request.TraceState = "vendor=1";

        Assert.Equal(RequestOutcome.Recorded, harness.Engine.Record(request));

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal(request.TraceId, server.TraceId);
        Assert.Equal(request.TraceId, client.TraceId);
        Assert.Equal(Span("00f067aa0ba902b7"), server.SpanId);
        Assert.Equal(Span("b7ad6b7169203331"), server.ParentSpanId);
        Assert.True(server.HasRemoteParent);
        Assert.Equal(Span("a3ce929d0e0e4736"), client.SpanId);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.False(client.HasRemoteParent);
        Assert.Equal("vendor=1", server.TraceStateString);
        Assert.Equal("vendor=1", client.TraceStateString);
        Assert.Equal("GET", server.DisplayName);
        Assert.Equal("GET", client.DisplayName);
        Assert.Equal((Start, Start + 5_000_000), (server.Record.StartUnixNano, server.Record.EndUnixNano));
        Assert.Equal((Start + 1_000_000, Start + 4_000_000), (client.Record.StartUnixNano, client.Record.EndUnixNano));
        Assert.Equal(SpanStatusCode.Unset, server.Status);
        Assert.Equal(SpanStatusCode.Unset, client.Status);
    }

    [Fact]
    public void TheServerSpanCarriesTheFrontendSideAttributesAndTheClientSpanTheHop()
    {
        using var harness = new EngineHarness();
        var request = Completed();
        request.ExtraAttributes.Add(new SpanAttribute("tenant", "acme"));

        harness.Engine.Record(request);

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["url.path"] = "/a b\"c",
                ["url.query"] = "q=1",
                ["url.scheme"] = "http",
                ["server.address"] = "example.test",
                ["server.port"] = 10080L,
                ["client.address"] = "127.0.0.1",
                ["client.port"] = 40000L,
                ["network.protocol.version"] = "1.1",
                ["user_agent.original"] = "curl/8",
                ["http.response.status_code"] = 200L,
                ["haproxy.frontend"] = "fe",
                ["haproxy.backend"] = "be",
                ["haproxy.termination_state"] = "--",
                ["haproxy.timer.request_ms"] = 0L,
                ["haproxy.timer.active_ms"] = 5L,
                ["haproxy.bytes_in"] = 80L,
                ["haproxy.bytes_out"] = 512L,
                ["tenant"] = "acme",
            },
            server.TagObjects.ToDictionary(t => t.Key, t => t.Value));
        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["server.address"] = "127.0.0.2",
                ["server.port"] = 8000L,
                ["http.response.status_code"] = 200L,
                ["haproxy.backend"] = "be",
                ["haproxy.server"] = "s1",
                ["haproxy.retries"] = 0L,
                ["haproxy.timer.queue_ms"] = 0L,
                ["haproxy.timer.connect_ms"] = 1L,
                ["haproxy.timer.response_ms"] = 3L,
            },
            client.TagObjects.ToDictionary(t => t.Key, t => t.Value));
    }

    [Fact]
    public void UnknownValuesAreLeftOutRatherThanExportedAsPlaceholders()
    {
        using var harness = new EngineHarness();
        var request = Minimal();

        harness.Engine.Record(request);

        var server = Assert.Single(harness.Exported);
        Assert.Empty(server.TagObjects);
        Assert.Equal("HTTP", server.DisplayName);
        Assert.False(server.ParentSpanId.IsValid);
        Assert.False(server.HasRemoteParent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<NOSRV>")]
    public void NoServerReachedGivesTheServerSpanOnly(string? server)
    {
        using var harness = new EngineHarness();
        var request = Completed();
        request.Server = server;
        request.StatusCode = 503;
        request.TerminationState = "SC";

        harness.Engine.Record(request);

        var span = Assert.Single(harness.Exported);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(SpanStatusCode.Error, span.Status);
    }

    [Theory]
    [InlineData(200, SpanStatusCode.Unset, SpanStatusCode.Unset)]
    [InlineData(302, SpanStatusCode.Unset, SpanStatusCode.Unset)]
    [InlineData(404, SpanStatusCode.Unset, SpanStatusCode.Error)]
    [InlineData(500, SpanStatusCode.Error, SpanStatusCode.Error)]
    [InlineData(503, SpanStatusCode.Error, SpanStatusCode.Error)]
    public void HttpStatusFollowsOpenTelemetrysRule(int code, SpanStatusCode server, SpanStatusCode client)
    {
        using var harness = new EngineHarness();
        var request = Completed();
        request.StatusCode = code;

        harness.Engine.Record(request);

        Assert.Equal(server, Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server).Status);
        Assert.Equal(client, Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client).Status);
    }

    [Theory]
    [InlineData("sH", "termination state sH: server-side timeout while waiting for the response headers", true)]
    [InlineData("SC", "termination state SC: server aborted or refused while connecting to the server", true)]
    [InlineData("CD", "termination state CD: client aborted during the data transfer", false)]
    [InlineData("cR", "termination state cR: client-side timeout while waiting for the request", false)]
    [InlineData("PR--", "termination state PR: proxy aborted (limit, deny rule or security check) while waiting for the request", false)]
    public void AnAbnormalTerminationIsAnErrorWithItsMeaning(string state, string description, bool onTheHopToo)
    {
        using var harness = new EngineHarness();
        var request = Completed();
        request.TerminationState = state;

        harness.Engine.Record(request);

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        Assert.Equal((SpanStatusCode.Error, description), (server.Status, server.StatusDescription));
        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal(onTheHopToo ? (SpanStatusCode.Error, description) : (SpanStatusCode.Unset, null), (client.Status, client.StatusDescription));
    }

    [Theory]
    [InlineData("--")]
    [InlineData("LR")]
    [InlineData("-")]
    [InlineData("??")]
    public void ANormalOrLocalTerminationLeavesTheStatusToHttp(string state)
    {
        using var harness = new EngineHarness();
        var request = Completed();
        request.TerminationState = state;

        harness.Engine.Record(request);

        Assert.All(harness.Exported, s => Assert.Equal(SpanStatusCode.Unset, s.Status));
    }

    [Fact]
    public void AHopWithoutItsOwnStampsSpansTheRequest()
    {
        using var harness = new EngineHarness();
        var request = Completed();
        request.BackendStartUnixNano = 0;
        request.ResponseUnixNano = 0;

        harness.Engine.Record(request);

        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal((Start, Start + 5_000_000), (client.Record.StartUnixNano, client.Record.EndUnixNano));
    }

    [Fact]
    public void InvalidContextsAndTimesRecordNothing()
    {
        using var harness = new EngineHarness();
        var noTrace = Completed();
        noTrace.TraceId = default;
        var noServerSpan = Completed();
        noServerSpan.ServerSpanId = default;
        var noStart = Completed();
        noStart.StartUnixNano = 0;
        var endBeforeStart = Completed();
        endBeforeStart.EndUnixNano = Start - 1;

        Assert.Equal(RequestOutcome.InvalidContext, harness.Engine.Record(noTrace));
        Assert.Equal(RequestOutcome.InvalidContext, harness.Engine.Record(noServerSpan));
        Assert.Equal(RequestOutcome.InvalidTimes, harness.Engine.Record(noStart));
        Assert.Equal(RequestOutcome.InvalidTimes, harness.Engine.Record(endBeforeStart));
        Assert.Empty(harness.Exported);
        Assert.Equal(0, harness.Metrics.SpansFinished);
    }

    [Fact]
    public void RecordedSpansAreCountedAndLeaveNothingOpen()
    {
        using var harness = new EngineHarness();

        harness.Engine.Record(Completed());
        harness.Engine.Record(Minimal());

        Assert.Equal(3, harness.Metrics.SpansStarted);
        Assert.Equal(3, harness.Metrics.SpansFinished);
        Assert.Equal(0, harness.Metrics.OpenSpans);
        Assert.Equal(0, harness.Metrics.OpenTraces);
    }

    [Fact]
    public void TheEnginesAttributeLimitsApply()
    {
        using var harness = new EngineHarness(o =>
        {
            o.MaxAttributesPerSpan = 2;
            o.AttributeValueLengthLimit = 3;
        });

        harness.Engine.Record(Completed());

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        Assert.Equal(
            new KeyValuePair<string, object>[] { new("http.request.method", "GET"), new("url.path", "/a ") },
            server.TagObjects);
        Assert.Equal(16, server.Record.DroppedAttributesCount);
    }

    [Fact]
    public void AResetRecordIsEmptyAgain()
    {
        var request = Completed();
        request.ExtraAttributes.Add(new SpanAttribute("tenant", "acme"));

        request.Reset();

        Assert.Equivalent(new RequestRecord(), request, strict: true);
    }

    private static RequestRecord Completed()
    {
        var request = Minimal();
        request.ClientSpanId = Span("a3ce929d0e0e4736");
        request.BackendStartUnixNano = Start + 1_000_000;
        request.ResponseUnixNano = Start + 4_000_000;
        request.Method = "GET";
        request.Path = "/a b\"c";
        request.Query = "q=1";
        request.Scheme = "http";
        request.Host = "example.test";
        request.FrontendPort = 10080;
        request.ClientAddress = "127.0.0.1";
        request.ClientPort = 40000;
        request.ProtocolVersion = "1.1";
        request.UserAgent = "curl/8";
        request.StatusCode = 200;
        request.Frontend = "fe";
        request.Backend = "be";
        request.Server = "s1";
        request.ServerAddress = "127.0.0.2";
        request.ServerPort = 8000;
        request.TerminationState = "--";
        request.Retries = 0;
        request.RequestMs = 0;
        request.QueueMs = 0;
        request.ConnectMs = 1;
        request.ResponseMs = 3;
        request.ActiveMs = 5;
        request.BytesIn = 80;
        request.BytesOut = 512;
        return request;
    }

    private static RequestRecord Minimal()
    {
        var request = new RequestRecord();
        Assert.True(TraceId.TryParse("4bf92f3577b34da6a3ce929d0e0e4736"u8, out var traceId));
        request.TraceId = traceId;
        request.ServerSpanId = Span("00f067aa0ba902b7");
        request.StartUnixNano = Start;
        request.EndUnixNano = Start + 5_000_000;
        return request;
    }

    private static SpanId Span(string hex)
    {
        Assert.True(SpanId.TryParse(System.Text.Encoding.ASCII.GetBytes(hex), out var id));
        return id;
    }
}
