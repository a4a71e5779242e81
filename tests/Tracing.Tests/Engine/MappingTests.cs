using System.Diagnostics;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;

namespace SpoaOpenTracing.Tracing.Tests.Engine;

public sealed class MappingTests
{
    [Fact]
    public void ChildOfSetsTheParentAndOneIdIsOneTrace()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "P"), Str("tag", "k"), More("v"), Str("span", "C"), Str("child-of", "P"));
        h.Send("opentracing:b", Str("id", "r1"), Str("span", "R2"), Str("tag", "k"), More("v"), Str("finish", "*"));

        var p = h.Span("P");
        var c = h.Span("C");
        var r2 = h.Span("R2");
        Assert.Equal(p.SpanId, c.ParentSpanId);
        Assert.Equal(p.TraceId, c.TraceId);
        Assert.Equal(p.TraceId, r2.TraceId);
        Assert.Equal(default, r2.ParentSpanId);
        Assert.Empty(c.Links);
        Assert.Equal(SpanKind.Internal, c.Kind);
    }

    [Fact]
    public void DifferentIdsAreDifferentTraces()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "A"), Str("tag", "k"), More("v"), Str("finish", ""));
        h.Send("opentracing:a", Str("id", "r2"), Str("span", "B"), Str("tag", "k"), More("v"), Str("finish", ""));

        Assert.NotEqual(h.Span("A").TraceId, h.Span("B").TraceId);
    }

    [Fact]
    public void FollowsFromSetsTheParentAndALinkWithTheRefType()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "P"), Str("tag", "k"), More("v"), Str("span", "F"), Str("follows-from", "P"), Str("finish", "*"));

        var p = h.Span("P");
        var f = h.Span("F");
        Assert.Equal(p.SpanId, f.ParentSpanId);
        var link = Assert.Single(f.Links);
        Assert.Equal(p.SpanId, link.SpanId);
        Assert.Equal(p.TraceId, link.TraceId);
        Assert.Equal("follows_from", link.Tags.Single(t => t.Key == "opentracing.ref_type").Value);
    }

    [Fact]
    public void BaggageIsInheritedByDescendantsCreatedLaterOnly()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("span", "Early"), Str("child-of", "Root"));
        h.Send("opentracing:b", Str("id", "r1"), Str("span", "Root"), Str("baggage", "user"), More("al"), More("ice"),
            Str("span", "Late"), Str("child-of", "Root"), Str("span", "Grandchild"), Str("follows-from", "Late"),
            Str("span", "Early2"), Str("child-of", "Early"));
        h.Send("opentracing:c", Str("id", "r1"), Str("finish", "*"));

        Assert.Equal("alice", h.Span("Root").GetTagItem("baggage.user"));
        Assert.Equal("alice", h.Span("Late").GetTagItem("baggage.user"));
        Assert.Equal("alice", h.Span("Grandchild").GetTagItem("baggage.user"));
        Assert.Null(h.Span("Early").GetTagItem("baggage.user"));
        Assert.Null(h.Span("Early2").GetTagItem("baggage.user"));
    }

    [Fact]
    public void BaggageValueIsAlwaysAString()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "Root"), Str("baggage", "n"), More(SpopDataType.Int32, 5), Str("finish", ""));

        Assert.Equal("5", h.Span("Root").GetTagItem("baggage.n"));
    }

    [Fact]
    public void LogBecomesAnEventNamedByTheKey()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "S"), Str("log", "event"), More("cache "), More(SpopDataType.Boolean, false),
            Str("log", "second"), More("x"), Str("finish", ""));

        var span = h.Span("S");
        Assert.Equal(["event", "second"], span.Events.Select(e => e.Name));
        var first = span.Events.First();
        Assert.Equal("cache false", first.Tags.Single(t => t.Key == "event").Value);
        Assert.Equal(span.StartTimeUtc, first.Timestamp);
    }

    [Fact]
    public void ErrorTrueTagSetsStatusError()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"),
            Str("span", "Bool"), Str("tag", "error"), More(SpopDataType.Boolean, true),
            Str("span", "Text"), Str("tag", "error"), More("true"),
            Str("span", "False"), Str("tag", "error"), More(SpopDataType.Boolean, false),
            Str("finish", "*"));

        Assert.Equal(SpanStatusCode.Error, h.Span("Bool").Status);
        Assert.Equal(true, h.Span("Bool").GetTagItem("error"));
        Assert.Equal(SpanStatusCode.Error, h.Span("Text").Status);
        Assert.Equal(SpanStatusCode.Unset, h.Span("False").Status);
    }

    [Fact]
    public void AllSpansOfOneMessageShareOneTimestamp()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "A"), Str("tag", "k"), More("v"), Str("span", "B"), Str("child-of", "A"),
            Str("span", "C"), Str("follows-from", "B"));
        var started = h.Time.GetUtcNow().UtcDateTime;
        h.Time.Advance(TimeSpan.FromMilliseconds(25));
        h.Send("opentracing:b", Str("id", "r1"), Str("finish", "*"));
        var ended = h.Time.GetUtcNow().UtcDateTime;

        Assert.Equal(3, h.Exported.Count);
        Assert.All(h.Exported, a => Assert.Equal(started, a.StartTimeUtc));
        Assert.All(h.Exported, a => Assert.Equal(ended, a.StartTimeUtc + a.Duration));
        Assert.Equal(["C", "B", "A"], h.Exported.Select(a => a.DisplayName));
    }

    [Fact]
    public void SpanStartedAndFinishedInOneMessageHasZeroDurationAtTheMessageTime()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "A"), Str("tag", "k"), More("v"), Str("finish", ""));

        var span = h.Span("A");
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, span.StartTimeUtc);
        Assert.Equal(TimeSpan.Zero, span.Duration);
    }

    [Fact]
    public void AttributeAndEventCapsDropAndCount()
    {
        using var h = new EngineHarness(o =>
        {
            o.MaxAttributesPerSpan = 2;
            o.MaxEventsPerSpan = 1;
        });
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "S"),
            Str("tag", "a"), More("1"), Str("tag", "b"), More("2"), Str("tag", "a"), More("again"), Str("tag", "c"), More("3"),
            Str("log", "e1"), More("x"), Str("log", "e2"), More("y"), Str("finish", ""));

        var span = h.Span("S");
        Assert.Equal("again", span.GetTagItem("a"));
        Assert.Equal("2", span.GetTagItem("b"));
        Assert.Null(span.GetTagItem("c"));
        Assert.Single(span.Events);
        Assert.Equal(1, h.Metrics.AttributesDropped);
        Assert.Equal(1, h.Metrics.EventsDropped);
    }
}
