using SpoaOpenTracing.Tracing.Requests;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Requests;

/// <summary>The lines the real HAProxy 2.6 wrote with examples/haproxy-logs.cfg (Captures/README.md), parsed and
/// turned into spans.</summary>
public sealed class TraceLineGoldenTests
{
    private readonly TraceLineParser _parser = new();
    private readonly RequestRecord _record = new();

    [Fact]
    public void EveryCapturedLineOfARequestThatRanTheRulesParses()
    {
        foreach (var (name, line) in TraceLineCaptures.All)
        {
            var expected = name == "bad-request-400-no-context" ? TraceLineError.NoContext : TraceLineError.None;
            Assert.True(expected == _parser.Parse(System.Text.Encoding.ASCII.GetBytes(line), _record), name);
        }
    }

    [Fact]
    public void APlainRequestHasBothIdsTimesInOrderAndTheHopsAttributes()
    {
        Parse("get-root");

        Assert.True(_record.TraceId.IsValid && _record.ServerSpanId.IsValid && _record.ClientSpanId.IsValid);
        Assert.False(_record.ParentSpanId.IsValid);
        Assert.True(_record.StartUnixNano <= _record.BackendStartUnixNano);
        Assert.True(_record.BackendStartUnixNano <= _record.ResponseUnixNano);
        Assert.True(_record.ResponseUnixNano <= _record.EndUnixNano);
        Assert.Equal(("GET", "http", "1.1", "127.0.0.1", "/", null), (_record.Method, _record.Scheme, _record.ProtocolVersion, _record.Host, _record.Path, _record.Query));
        Assert.Equal(("curl/7.88.1", "127.0.0.1", 28089, 200), (_record.UserAgent, _record.ClientAddress, _record.FrontendPort, _record.StatusCode));
        Assert.Equal(("logs-frontend", "servers-backend", "server-1", "127.0.0.1", 28009), (_record.Frontend, _record.Backend, _record.Server, _record.ServerAddress, _record.ServerPort));
        Assert.Equal(("--", 0), (_record.TerminationState, _record.Retries));
        Assert.True(_record is { ClientPort: > 0, ActiveMs: >= 0, BytesIn: > 0, BytesOut: > 0 });
    }

    [Fact]
    public void AContinuedTraceKeepsTheClientsIdsAndTracestate()
    {
        Parse("continued-parent-with-tracestate");

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", _record.TraceId.ToString());
        Assert.Equal("b7ad6b7169203331", _record.ParentSpanId.ToString());
        Assert.Equal("vendor=a b,other=2", _record.TraceState);
        Assert.Equal(("/items", "id=7&sort=desc"), (_record.Path, _record.Query));
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64) \"quoted\" \\back", _record.UserAgent);
    }

    [Fact]
    public void QuotesBackslashesEqualsAndNonAsciiComeBackAsTheClientSentThem()
    {
        Parse("escaped-path-query-user-agent");

        Assert.Equal(("/caf%C3%A9/a=b%20c", "q=%22x%22&e==", "::1"), (_record.Path, _record.Query, _record.Host));
        // HAProxy's json(utf8s) drops the invalid byte 0xff and escapes the rest.
        Assert.Equal("café € \u0001\tend", _record.UserAgent);
    }

    [Theory]
    [InlineData("origin-503", 503, "--", true, true, null)]
    [InlineData("origin-404", 404, "--", true, true, null)]
    [InlineData("connect-refused-503-SC", 503, "SC", true, true, "termination state SC: server aborted or refused while connecting to the server")]
    [InlineData("server-timeout-504-sH", 504, "sH", true, true, "termination state sH: server-side timeout while waiting for the response headers")]
    [InlineData("all-servers-disabled-503-NOSRV", 503, "SC", false, true, "termination state SC: server aborted or refused while connecting to the server")]
    public void FailuresGiveTheStatusAndDescriptionHAProxyReported(string name, int status, string termination, bool clientSpan, bool clientError, string? description)
    {
        using var harness = new EngineHarness();
        Parse(name);
        Assert.Equal((status, termination), (_record.StatusCode, _record.TerminationState));

        Assert.Equal(RequestOutcome.Recorded, harness.Engine.Record(_record));

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        Assert.Equal(status >= 500 ? SpanStatusCode.Error : SpanStatusCode.Unset, server.Status);
        if (description is not null)
        {
            Assert.Equal(description, server.StatusDescription);
        }

        var client = harness.Exported.SingleOrDefault(s => s.Kind == SpanKind.Client);
        Assert.Equal(clientSpan, client is not null);
        if (client is not null)
        {
            Assert.Equal(clientError ? SpanStatusCode.Error : SpanStatusCode.Unset, client.Status);
            Assert.Equal(_record.ClientSpanId, client.SpanId);
            Assert.Equal(_record.ServerSpanId, client.ParentSpanId);
        }
    }

    private void Parse(string name) => Assert.Equal(TraceLineError.None, _parser.Parse(TraceLineCaptures.Bytes(name), _record));
}
