using System.Diagnostics;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;

namespace SpoaOpenTracing.Tracing.Tests.Propagation;

public sealed class ExtractInjectTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentId = "00f067aa0ba902b7";
    private const string TraceParent = "00-" + TraceId + "-" + ParentId + "-01";

    [Fact]
    public void ValidTraceParentMakesEveryRootAChildOfTheRemoteSpanWithItsTraceState()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), Str("traceparent", TraceParent), Str("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
            Str("span", "Root"), Str("tag", "k"), More("v"), Str("span", "Child"), Str("child-of", "Root"), Str("finish", "*"));

        var root = h.Span("Root");
        var child = h.Span("Child");
        Assert.Equal(TraceId, root.TraceId.ToString());
        Assert.Equal(ParentId, root.ParentSpanId.ToString());
        Assert.Equal(root.SpanId, child.ParentSpanId);
        Assert.Equal(TraceId, child.TraceId.ToString());
        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", root.TraceStateString);
        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", child.TraceStateString);
        Assert.True(root.HasRemoteParent);
        Assert.Equal(1, h.Metrics.ContextsExtracted);
        Assert.Equal(0, h.Metrics.InvalidContexts);
    }

    [Fact]
    public void InvalidTraceStateIsDroppedButTheParentStays()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), Str("traceparent", TraceParent), Str("tracestate", "Bad=1"), Str("span", "Root"), Str("finish", "*"),
            Str("tag", "k"), More("v"));
        // The finish came before the tag created the span: it is still open; finish it now.
        h.Send("opentracing:end", Str("id", "r1"), Str("finish", "*"));

        var root = h.Span("Root");
        Assert.Equal(ParentId, root.ParentSpanId.ToString());
        Assert.Null(root.TraceStateString);
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("garbage")]
    public void InvalidContextIsIgnoredAndCounted(string header)
    {
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), Str("traceparent", header), Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));

        var root = h.Span("Root");
        Assert.Equal(default, root.ParentSpanId);
        Assert.NotEqual(TraceId, root.TraceId.ToString());
        Assert.Equal(1, h.Metrics.InvalidContexts);
        Assert.Equal(0, h.Metrics.ContextsExtracted);
        Assert.Equal(0, h.Metrics.MessageErrors);
    }

    [Fact]
    public void AbsentContextStartsAFreshTraceWithoutCounting()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), new Arg("traceparent", SpopDataType.Null, null), Str("tracestate", ""),
            Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));

        Assert.Equal(default, h.Span("Root").ParentSpanId);
        Assert.Equal(0, h.Metrics.InvalidContexts);
        Assert.Equal(0, h.Metrics.ContextsExtracted);
    }

    public static TheoryData<Propagators, Arg[]> OtherFormats() => new()
    {
        { Propagators.B3, [Str("b3", TraceId + "-" + ParentId + "-1")] },
        { Propagators.B3Multi, [Str("x-b3-traceid", TraceId), Str("x-b3-spanid", ParentId), Str("x-b3-sampled", "1"), Str("x-b3-parentspanid", "05e3ac9a4f6e3b90")] },
        { Propagators.Jaeger, [Str("uber-trace-id", TraceId + "%3A" + ParentId + "%3A0%3A1")] },
    };

    [Theory]
    [MemberData(nameof(OtherFormats))]
    public void B3AndJaegerAreReadWhenEnabledAndIgnoredOtherwise(Propagators format, Arg[] headers)
    {
        using (var enabled = new EngineHarness(o => o.Propagators = format))
        {
            enabled.Send("opentracing:req", [Str("id", "r1"), .. headers, Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", "")]);
            Assert.Equal(ParentId, enabled.Span("Root").ParentSpanId.ToString());
            Assert.Equal(TraceId, enabled.Span("Root").TraceId.ToString());
        }

        using var disabled = new EngineHarness();
        disabled.Send("opentracing:req", [Str("id", "r1"), .. headers, Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", "")]);
        Assert.Equal(default, disabled.Span("Root").ParentSpanId);
        Assert.Equal(0, disabled.Metrics.InvalidContexts);
        Assert.Equal(0, disabled.Metrics.MessageErrors);
    }

    [Fact]
    public void DisabledTraceContextIgnoresTraceParent()
    {
        using var h = new EngineHarness(o => o.Propagators = Propagators.None);
        h.Send("opentracing:req", Str("id", "r1"), Str("traceparent", TraceParent), Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Equal(default, h.Span("Root").ParentSpanId);
    }

    [Fact]
    public void IncomingBaggageBecomesAttributesOnEverySpanAndMergesWithSeedBaggage()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), Str("baggage-header", "user=alice,team=edge%20net"),
            Str("span", "Root"), Str("baggage", "team"), More("core"), Str("span", "Child"), Str("child-of", "Root"), Str("finish", "*"));

        Assert.Equal("alice", h.Span("Root").GetTagItem("baggage.user"));
        Assert.Equal("core", h.Span("Root").GetTagItem("baggage.team"));
        Assert.Equal("alice", h.Span("Child").GetTagItem("baggage.user"));
        Assert.Equal("core", h.Span("Child").GetTagItem("baggage.team"));
    }

    [Fact]
    public void BaggageHeaderIsIgnoredWhenTheBaggagePropagatorIsOff()
    {
        using var h = new EngineHarness(o => o.Propagators = Propagators.TraceContext);
        h.Send("opentracing:req", Str("id", "r1"), Str("baggage-header", "user=alice"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Null(h.Span("Root").GetTagItem("baggage.user"));
    }

    [Fact]
    public void InjectHandsBackTheIdsOfTheSdkActivity()
    {
        using var h = new EngineHarness();
        var vars = h.Ack("opentracing:req", Str("id", "r1"), Str("traceparent", TraceParent), Str("tracestate", "rojo=1"),
            Str("baggage-header", "user=alice"), Str("span", "Server"), Str("kind", "server"), Str("tag", "k"), More("v"),
            Str("span", "Client"), Str("child-of", "Server"), Str("kind", "client"), Str("inject", "Client"));
        h.Send("opentracing:end", Str("id", "r1"), Str("finish", "*"));

        var client = h.Span("Client");
        Assert.Equal($"00-{client.TraceId.ToString()}-{client.SpanId.ToString()}-01", vars["traceparent"]);
        Assert.Equal(TraceId, vars["trace_id"]);
        Assert.Equal(client.SpanId.ToString(), vars["span_id"]);
        Assert.Equal(true, vars["sampled"]);
        Assert.Equal("rojo=1", vars["tracestate"]);
        Assert.Equal("user=alice", vars["baggage"]);
        Assert.False(vars.ContainsKey("b3"));
        Assert.False(vars.ContainsKey("uber_trace_id"));
    }

    [Fact]
    public void InjectWritesB3AndJaegerWhenEnabledAndLeavesEmptyStateOut()
    {
        using var h = new EngineHarness(o => o.Propagators = Propagators.TraceContext | Propagators.B3Multi | Propagators.Jaeger);
        var vars = h.Ack("opentracing:req", Str("id", "r1"), Str("span", "S"), Str("tag", "k"), More("v"), Str("inject", "S"));
        h.Send("opentracing:end", Str("id", "r1"), Str("finish", "*"));

        var span = h.Span("S");
        var trace = span.TraceId.ToString();
        var id = span.SpanId.ToString();
        Assert.Equal($"{trace}-{id}-1", vars["b3"]);
        Assert.Equal($"{trace}:{id}:0:01", vars["uber_trace_id"]);
        Assert.False(vars.ContainsKey("tracestate"));
        Assert.False(vars.ContainsKey("baggage"));
    }

    [Fact]
    public void InjectOfASpanALaterMessageTargetsUsesThatSpan()
    {
        using var h = new EngineHarness();
        var first = h.Ack("opentracing:a", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"));
        Assert.Equal(true, first["sampled"]);
        var second = h.Ack("opentracing:b", Str("id", "r1"), Str("inject", "Root"));
        h.Send("opentracing:end", Str("id", "r1"), Str("finish", "*"));

        Assert.Equal(h.Span("Root").SpanId.ToString(), second["span_id"]);
    }

    [Fact]
    public void InjectOfAnUnknownSpanIsCountedAndWritesOnlyTheDecision()
    {
        using var h = new EngineHarness();
        var vars = h.Ack("opentracing:a", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("inject", "Nope"));
        Assert.Equal(new Dictionary<string, object?> { ["sampled"] = true }, vars);
        Assert.Equal(1, h.Metrics.ArgumentErrors);
    }

    [Fact]
    public void RequireContextRefusesTracesWithoutValidContext()
    {
        using var h = new EngineHarness();
        var refused = h.Ack("opentracing:req", Str("id", "r1"), new Arg("require-context", SpopDataType.Boolean, true),
            Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Equal(new Dictionary<string, object?> { ["sampled"] = false }, refused);
        Assert.Equal(1, h.Metrics.ContextRequiredRefusals);
        Assert.Equal(0, h.Metrics.SpansStarted);

        var accepted = h.Ack("opentracing:req", Str("id", "r2"), new Arg("require-context", SpopDataType.Boolean, true), Str("traceparent", TraceParent),
            Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Equal(true, accepted["sampled"]);
        Assert.Equal(ParentId, h.Span("Root").ParentSpanId.ToString());
    }

    [Fact]
    public void RequireContextOptionAppliesToEveryMessage()
    {
        using var h = new EngineHarness(o => o.RequireContext = true);
        h.Send("opentracing:req", Str("id", "r1"), Str("traceparent", "garbage"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Empty(h.Exported);
        Assert.Equal(1, h.Metrics.ContextRequiredRefusals);
        Assert.Equal(1, h.Metrics.InvalidContexts);
    }
}
