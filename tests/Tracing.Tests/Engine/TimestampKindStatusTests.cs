using System.Diagnostics;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;

namespace SpoaOpenTracing.Tracing.Tests.Engine;

public sealed class TimestampKindStatusTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    private static Arg Micros(string name, DateTime time) => new(name, SpopDataType.Int64, (time - DateTime.UnixEpoch).Ticks / 10);

    [Fact]
    public void TsSetsStartAndFinishOfWhatTheMessageDoes()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), Micros("ts", T0), Str("span", "S"), Str("log", "event"), More("x"), Str("tag", "k"), More("v"));
        h.Send("opentracing:res", Str("id", "r1"), Micros("ts", T0.AddTicks(501_230)), Str("finish", "S"));

        var span = h.Span("S");
        Assert.Equal(T0, span.StartTimeUtc);
        Assert.Equal(TimeSpan.FromTicks(501_230), span.Duration);
        Assert.Equal(T0, Assert.Single(span.Events).Timestamp);
    }

    [Fact]
    public void StartTsAndFinishTsOverrideTsForTheirSide()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Micros("start-ts", T0), Micros("ts", T0.AddSeconds(1)), Micros("finish-ts", T0.AddSeconds(2)),
            Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", ""));

        var span = h.Span("S");
        Assert.Equal(T0, span.StartTimeUtc);
        Assert.Equal(TimeSpan.FromSeconds(2), span.Duration);
    }

    [Fact]
    public void TsAsDecimalStringIsAccepted()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("ts", ((T0 - DateTime.UnixEpoch).Ticks / 10).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Equal(T0, h.Span("S").StartTimeUtc);
    }

    [Theory]
    [InlineData(SpopDataType.String, "soon")]
    [InlineData(SpopDataType.Int64, -5L)]
    [InlineData(SpopDataType.Binary, new byte[] { 1 })]
    public void InvalidTsFallsBackToReceiveTimeAndIsCounted(SpopDataType type, object value)
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), new Arg("ts", type, value), Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, h.Span("S").StartTimeUtc);
        Assert.Equal(1, h.Metrics.ArgumentErrors);
    }

    [Fact]
    public void OptionsOfALaterMessageAreReadInTheGrammarsPassAndCountedOnce()
    {
        // The trace exists, so the second message's options come from the same pass as its grammar.
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), Micros("ts", T0), Str("span", "S"), Str("tag", "k"), More("v"));
        h.Send("opentracing:res", Str("id", "r1"), Str("span", "S"), Str("tag", "late"), More("x"), new Arg("ts", SpopDataType.String, "soon"),
            Str("finish", "S"));

        var span = h.Span("S");
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, span.StartTimeUtc + span.Duration);
        Assert.Equal("x", span.GetTagItem("late"));
        Assert.Equal(1, h.Metrics.ArgumentErrors);
    }

    [Fact]
    public void NullTsIsReceiveTimeWithoutError()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), new Arg("ts", SpopDataType.Null, null), Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", ""));
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, h.Span("S").StartTimeUtc);
        Assert.Equal(0, h.Metrics.ArgumentErrors);
    }

    [Theory]
    [InlineData("server", SpanKind.Server)]
    [InlineData("client", SpanKind.Client)]
    [InlineData("producer", SpanKind.Producer)]
    [InlineData("consumer", SpanKind.Consumer)]
    [InlineData("internal", SpanKind.Internal)]
    public void KindAppliesToTheSpanTheMessageCreates(string kind, SpanKind expected)
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "Root"), Str("kind", "server"), Str("tag", "k"), More("v"),
            Str("span", "Child"), Str("kind", kind), Str("child-of", "Root"), Str("finish", "*"));
        Assert.Equal(SpanKind.Server, h.Span("Root").Kind);
        Assert.Equal(expected, h.Span("Child").Kind);
        Assert.Equal(0, h.Metrics.ArgumentErrors);
    }

    [Fact]
    public void KindForASpanOfAnEarlierMessageOrAnUnknownKindIsRefused()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:a", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"));
        h.Send("opentracing:b", Str("id", "r1"), Str("span", "Root"), Str("kind", "client"), Str("span", "X"), Str("kind", "sideways"),
            Str("span", "Y"), Str("kind", "server"), Str("finish", "*"));
        Assert.Equal(SpanKind.Internal, h.Span("Root").Kind);
        Assert.Equal(3, h.Metrics.ArgumentErrors); // earlier span, unknown kind, kind for a span never created
        Assert.Single(h.Exported);
    }

    [Theory]
    [InlineData("ok", SpanStatusCode.Ok, null)]
    [InlineData("error", SpanStatusCode.Error, null)]
    [InlineData("error: upstream reset", SpanStatusCode.Error, "upstream reset")]
    [InlineData("unset", SpanStatusCode.Unset, null)]
    public void StatusSetsTheCurrentSpansStatus(string status, SpanStatusCode code, string? description)
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"), Str("status", status), Str("finish", ""));
        Assert.Equal(code, h.Span("S").Status);
        Assert.Equal(description, h.Span("S").StatusDescription);
    }

    [Fact]
    public void StatusDescriptionDescribesAnErrorOnly()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "E"), Str("status", "error"), Str("status-description", "boom"),
            Str("span", "O"), Str("status", "ok"), Str("status-description", "ignored"), Str("status", "bogus"), Str("finish", "*"));
        Assert.Equal("boom", h.Span("E").StatusDescription);
        Assert.Equal(SpanStatusCode.Ok, h.Span("O").Status);
        Assert.Null(h.Span("O").StatusDescription);
        Assert.Equal(1, h.Metrics.ArgumentErrors);
    }

    [Theory]
    [InlineData("server", 200L, SpanStatusCode.Unset)]
    [InlineData("server", 404L, SpanStatusCode.Unset)]
    [InlineData("server", 503L, SpanStatusCode.Error)]
    [InlineData("client", 302L, SpanStatusCode.Unset)]
    [InlineData("client", 404L, SpanStatusCode.Error)]
    [InlineData("client", 500L, SpanStatusCode.Error)]
    [InlineData("internal", 404L, SpanStatusCode.Unset)]
    public void HttpStatusFollowsTheOpenTelemetryRule(string kind, long status, SpanStatusCode expected)
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"), Str("kind", kind), new Arg("http-status", SpopDataType.Int64, status), Str("finish", ""));
        Assert.Equal(expected, h.Span("S").Status);
        Assert.Equal(status, h.Span("S").GetTagItem("http.response.status_code"));
    }

    [Fact]
    public void HttpStatusNullIsSkippedAndGarbageCounted()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "S"), Str("tag", "k"), More("v"), new Arg("http-status", SpopDataType.Null, null),
            Str("http-status", "abc"), new Arg("http-status", SpopDataType.Int32, 99), Str("finish", ""));
        Assert.Null(h.Span("S").GetTagItem("http.response.status_code"));
        Assert.Equal(2, h.Metrics.ArgumentErrors);
    }

    [Fact]
    public void NameSetsTheExportedNameWhileSpanStaysTheHandle()
    {
        using var h = new EngineHarness();
        h.Send("opentracing:req", Str("id", "r1"), Str("span", "server"), Str("name", "GET"), Str("span", "client"), Str("child-of", "server"),
            Str("name", "GET"));
        h.Send("opentracing:res", Str("id", "r1"), Str("span", "client"), Str("name", "POST"), Str("finish", "client"), Str("finish", "server"),
            Str("span", "x"), Str("name", ""));

        var spans = h.Exported;
        Assert.Equal(2, spans.Count);
        var server = Assert.Single(spans, s => s.ParentSpanId == default);
        var client = Assert.Single(spans, s => s.ParentSpanId == server.SpanId);
        Assert.Equal("GET", server.DisplayName);
        Assert.Equal("POST", client.DisplayName);
        Assert.Equal(1, h.Metrics.ArgumentErrors);
    }
}
