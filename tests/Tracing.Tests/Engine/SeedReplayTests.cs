using System.Diagnostics;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Engine;

/// <summary>The seed's test configuration (spoe.cfg) replayed message by message: the README's 9-span and 6-span traces.</summary>
public sealed class SeedReplayTests
{
    private const string Id = "0A1B2C3D4E5F60718293A4B5C6D7E8F9:4242";

    [Theory]
    [InlineData(200)]
    [InlineData(503)]
    public void FullRequestGivesNineSpans(int status)
    {
        using var h = new EngineHarness();
        foreach (var frame in SeedMessages.Request(Id, status))
        {
            h.Send(frame);
        }

        var spans = h.Exported;
        Assert.Equal(9, spans.Count);
        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Equal(0, h.Metrics.OpenSpans);
        Assert.Equal(0, h.Metrics.MessageErrors);
        Assert.Equal(0, h.Metrics.ArgumentErrors);
        Assert.Single(spans.Select(s => s.TraceId).Distinct());
        Assert.Equal(9, spans.Select(s => s.SpanId).Distinct().Count());
        Assert.All(spans, s => Assert.Equal(Id, s.GetTagItem("baggage.haproxy_id")));

        AssertParent(h, "HAProxy session", null, followsFrom: false);
        AssertParent(h, "Client session", "HAProxy session", followsFrom: false);
        AssertParent(h, "Frontend TCP request", "Client session", followsFrom: false);
        AssertParent(h, "Frontend HTTP request", "Frontend TCP request", followsFrom: true);
        AssertParent(h, "Backend TCP request", "Frontend HTTP request", followsFrom: true);
        AssertParent(h, "Backend HTTP request", "Backend TCP request", followsFrom: true);
        AssertParent(h, "Server session", "HAProxy session", followsFrom: false);
        AssertParent(h, "TCP response", "Server session", followsFrom: false);
        AssertParent(h, "HTTP response", "TCP response", followsFrom: true);

        var request = h.Span("Frontend HTTP request");
        Assert.Equal("GET", request.GetTagItem("http.method"));
        Assert.Equal("/index.html", request.GetTagItem("http.url"));
        Assert.Equal("HTTP/1.1", request.GetTagItem("http.version"));
        var response = h.Span("HTTP response");
        Assert.Equal((long)status, response.GetTagItem("http.status_code"));
        Assert.Equal(status == 200 ? SpanStatusCode.Unset : SpanStatusCode.Error, response.Status);
        Assert.Equal(status == 200 ? null : true, response.GetTagItem("error"));
        Assert.Equal("HAProxy session", spans[^1].DisplayName);
    }

    [Fact]
    public void ServerTimeoutGivesSixSpansAndTheOpenOnesAreReapedAsErrors()
    {
        using var h = new EngineHarness(o =>
        {
            o.IdleTimeout = TimeSpan.FromSeconds(10);
            o.TimeoutMessage = "BE timeout";
        });
        foreach (var frame in SeedMessages.RequestSide(Id))
        {
            h.Send(frame);
        }

        Assert.Equal(3, h.Exported.Count);
        h.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, h.Engine.ReapIdle());
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, h.Engine.ReapIdle());

        var spans = h.Exported;
        Assert.Equal(6, spans.Count);
        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Equal(3, h.Metrics.SpansReaped);
        Assert.Equal(1, h.Metrics.TracesReaped);
        string[] reaped = ["HAProxy session", "Client session", "Backend HTTP request"];
        foreach (var name in reaped)
        {
            var span = h.Span(name);
            Assert.Equal(SpanStatusCode.Error, span.Status);
            Assert.Equal("BE timeout", span.StatusDescription);
            var timeout = Assert.Single(span.Events);
            Assert.Equal("timeout", timeout.Name);
            Assert.Equal("BE timeout", timeout.Tags.Single(t => t.Key == "reason").Value);
            Assert.Equal(h.Time.GetUtcNow().UtcDateTime, span.StartTimeUtc + span.Duration);
        }

        Assert.Equal(true, h.Span("HAProxy session").GetTagItem("error"));
        Assert.Null(h.Span("Client session").GetTagItem("error"));
        Assert.All(spans.Where(s => !reaped.Contains(s.DisplayName)), s => Assert.Equal(SpanStatusCode.Unset, s.Status));
        Assert.Equal("HAProxy session", spans[^1].DisplayName);
    }

    [Fact]
    public void ReaperTimerEndsIdleTracesOnItsOwn()
    {
        using var h = new EngineHarness(o => o.IdleTimeout = TimeSpan.FromMilliseconds(40));
        foreach (var frame in SeedMessages.RequestSide(Id))
        {
            h.Send(frame);
        }

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Metrics.OpenTraces != 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Equal(6, h.Exported.Count);
    }

    [Fact]
    public void MessageAfterReapingStartsAFreshTrace()
    {
        using var h = new EngineHarness();
        h.Send(SeedMessages.ClientSessionStart(Id));
        h.Time.Advance(h.Options.IdleTimeout);
        h.Engine.ReapIdle();
        h.Send(SeedMessages.FrontendTcpRequest(Id));

        Assert.Equal(1, h.Metrics.InvalidReferences);
        Assert.Equal(0, h.Metrics.OpenTraces);
    }

    private static void AssertParent(EngineHarness h, string name, string? parent, bool followsFrom)
    {
        var span = h.Span(name);
        if (parent is null)
        {
            Assert.Equal(default, span.ParentSpanId);
            Assert.Empty(span.Links);
            return;
        }

        var p = h.Span(parent);
        Assert.Equal(p.SpanId, span.ParentSpanId);
        if (followsFrom)
        {
            Assert.Equal(p.SpanId, Assert.Single(span.Links).SpanId);
        }
        else
        {
            Assert.Empty(span.Links);
        }
    }
}
