using System.Net;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Tests.Support;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;

namespace SpoaOpenTracing.Tracing.Tests.Engine;

public sealed class GrammarTests
{
    [Fact]
    public void TagCreatesRootSpanAndEmptyFinishEndsTheCurrentSpan()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", ""));

        var span = h.Span("S");
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal("v", span.GetTagItem("k"));
        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Equal(0, h.Metrics.MessageErrors);
    }

    [Fact]
    public void BareSpanCreatesNothing()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"));

        Assert.Equal(0, h.Metrics.SpansStarted);
        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Equal(0, h.Metrics.MessageErrors);
    }

    [Fact]
    public void UnnamedArgumentsContinueTheTagAndAreConcatenatedWithoutSeparator()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"),
            Str("tag", "http.version"), More("HTTP/"), More("1.1"),
            Str("tag", "mixed"), More(SpopDataType.Int32, 7), More("-"), More(SpopDataType.Boolean, true), More(SpopDataType.Null, null),
            More(SpopDataType.IPv4, IPAddress.Parse("10.1.2.3")), More(SpopDataType.UInt64, ulong.MaxValue),
            Str("finish", "S"));

        var span = h.Span("S");
        Assert.Equal("HTTP/1.1", span.GetTagItem("http.version"));
        Assert.Equal("7-true10.1.2.318446744073709551615", span.GetTagItem("mixed"));
    }

    public static TheoryData<SpopDataType, object?, object> TypedData() => new()
    {
        { SpopDataType.Null, null, string.Empty },
        { SpopDataType.Boolean, true, true },
        { SpopDataType.Boolean, false, false },
        { SpopDataType.Int32, -5, -5L },
        { SpopDataType.UInt32, uint.MaxValue, (long)uint.MaxValue },
        { SpopDataType.Int64, long.MinValue, long.MinValue },
        { SpopDataType.UInt64, 42UL, 42L },
        { SpopDataType.UInt64, ulong.MaxValue, "18446744073709551615" },
        { SpopDataType.IPv4, IPAddress.Parse("192.0.2.1"), "192.0.2.1" },
        { SpopDataType.IPv6, IPAddress.Parse("2001:db8::1"), "2001:db8::1" },
        { SpopDataType.String, "héllo", "héllo" },
    };

    [Theory]
    [MemberData(nameof(TypedData))]
    public void OneDatumKeepsItsType(SpopDataType type, object? value, object expected)
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"), Str("tag", "k"), More(type, value), Str("finish", ""));

        var actual = h.Span("S").GetTagItem("k");
        Assert.Equal(expected, actual);
        Assert.Equal(expected.GetType(), actual!.GetType());
    }

    [Fact]
    public void BinaryValueIsRefusedForThatArgumentOnly()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"),
            Str("tag", "bin"), More(SpopDataType.Binary, new byte[] { 1, 2 }), More("ignored too"),
            Str("tag", "ok"), More("yes"), Str("finish", "S"));

        var span = h.Span("S");
        Assert.Null(span.GetTagItem("bin"));
        Assert.Equal("yes", span.GetTagItem("ok"));
        Assert.Equal(1, h.Metrics.ArgumentErrors);
        Assert.Equal(0, h.Metrics.MessageErrors);
    }

    [Fact]
    public void MissingIdFailsThatMessageOnly()
    {
        using var h = new EngineHarness();
        h.Send(
            ("opentracing:no_id", [Str("span", "Lost"), Str("tag", "k"), More("v")]),
            ("opentracing:null_id", [new Arg("id", SpopDataType.Null, null), Str("span", "Lost"), Str("tag", "k"), More("v")]),
            ("opentracing:ok", [Str("id", "r1"), Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", "*")]));

        Assert.Equal(2, h.Metrics.MessageErrors);
        Assert.Equal("S", Assert.Single(h.Exported).DisplayName);
    }

    [Fact]
    public void IdMustComeFirst()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("span", "S"), Str("id", "r1"), Str("tag", "k"), More("v"));

        Assert.Equal(1, h.Metrics.MessageErrors);
        Assert.Equal(0, h.Metrics.SpansStarted);
    }

    [Fact]
    public void UnknownParentCreatesNothingAndOtherMessagesStillRun()
    {
        using var h = new EngineHarness();
        h.Send(
            ("opentracing:bad", [Str("id", "r1"), Str("span", "A"), Str("tag", "k"), More("v"), Str("span", "B"), Str("child-of", "Nobody")]),
            ("opentracing:good", [Str("id", "r2"), Str("span", "C"), Str("tag", "k"), More("v"), Str("finish", "*")]));

        Assert.Equal(1, h.Metrics.MessageErrors);
        Assert.Equal(1, h.Metrics.InvalidReferences);
        Assert.Equal(1, h.Metrics.SpansStarted);
        Assert.Equal("C", Assert.Single(h.Exported).DisplayName);
        Assert.Equal(0, h.Metrics.OpenTraces);
    }

    [Fact]
    public void FailedMessageLeavesAnExistingTraceAsItWas()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"));
        h.Send("opentracing:b", Str("id", "r1"), Str("finish", "Root"), Str("span", "X"), Str("child-of", "Nobody"));

        Assert.Empty(h.Exported);
        Assert.Equal(1, h.Metrics.OpenTraces);
        h.Send("opentracing:c", Str("id", "r1"), Str("finish", "Root"));
        Assert.Equal("Root", Assert.Single(h.Exported).DisplayName);
    }

    [Fact]
    public void UnknownArgumentNameFailsTheMessage()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"), Str("tag", "k"), More("v"), Str("colour", "blue"));

        Assert.Equal(1, h.Metrics.MessageErrors);
        Assert.Equal(0, h.Metrics.SpansStarted);
        Assert.Equal(0, h.Metrics.OpenTraces);
    }

    [Fact]
    public void FinishStarEndsEveryOpenSpanOfTheTraceOnly()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "A"), Str("tag", "k"), More("v"), Str("span", "B"), Str("child-of", "A"));
        h.Send("opentracing:a", Str("id", "other"), Str("span", "O"), Str("tag", "k"), More("v"));
        h.Send("opentracing:end", Str("id", "r1"), Str("finish", "*"));

        Assert.Equal(["A", "B"], h.Exported.Select(a => a.DisplayName).Order());
        Assert.Equal(1, h.Metrics.OpenTraces);
        Assert.Equal(1, h.Metrics.OpenSpans);
    }

    [Fact]
    public void FinishOfAnUnknownSpanIsReportedAndTheRestApplies()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "A"), Str("tag", "k"), More("v"));
        h.Send("opentracing:b", Str("id", "r1"), Str("finish", "Ghost"), Str("finish", "A"));

        Assert.Equal("A", Assert.Single(h.Exported).DisplayName);
        Assert.Equal(1, h.Metrics.InvalidReferences);
        Assert.Equal(0, h.Metrics.MessageErrors);
    }

    [Fact]
    public void UnnamedFinishContinuesFinish()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "A"), Str("tag", "k"), More("v"), Str("span", "B"), Str("tag", "k"), More("v"));
        h.Send("opentracing:b", Str("id", "r1"), Str("finish", "A"), More("B"));

        Assert.Equal(2, h.Exported.Count);
        Assert.Equal(0, h.Metrics.OpenTraces);
    }

    [Fact]
    public void SpanReselectedInALaterMessageIsReused()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "Root"), Str("tag", "a"), More("1"));
        h.Send("opentracing:b", Str("id", "r1"), Str("span", "Root"), Str("child-of", "Root"), Str("tag", "b"), More("2"), Str("finish", ""));

        var span = h.Span("Root");
        Assert.Equal("1", span.GetTagItem("a"));
        Assert.Equal("2", span.GetTagItem("b"));
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal(1, h.Metrics.SpansStarted);
    }

    [Fact]
    public void OtherMessagesAreIgnored()
    {
        using var h = new EngineHarness();
        h.Send("check-client-ip", new Arg("ip", SpopDataType.IPv4, IPAddress.Loopback));
        h.Send("test", Str("arg1", "x"));
        h.Send("opentracingX", Str("id", "r1"), Str("span", "S"), Str("finish", ""));

        Assert.Equal(0, h.Metrics.MessagesHandled);
        Assert.Equal(0, h.Metrics.SpansStarted);
        Assert.Equal(0, h.Metrics.MessageErrors);
    }

    [Fact]
    public void NonStringIdIsUsedAsText()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", new Arg("id", SpopDataType.Int64, 12345L), Str("span", "A"), Str("tag", "k"), More("v"));
        h.Send("opentracing:b", Str("id", "12345"), Str("finish", "A"));

        Assert.Single(h.Exported);
        Assert.Equal(0, h.Metrics.OpenTraces);
    }

    [Fact]
    public void LongIdBeyondTheStackBufferWorks()
    {
        using var h = new EngineHarness();
        var id = new string('x', 1000) + "é";
        h.Send("opentracing:a", Str("id", id), Str("span", "A"), Str("tag", "k"), More("v"));
        h.Send("opentracing:b", Str("id", id), Str("finish", "A"));

        Assert.Single(h.Exported);
        Assert.Equal(1, h.Metrics.TracesStarted);
    }
}
