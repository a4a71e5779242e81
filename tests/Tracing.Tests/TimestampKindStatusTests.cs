using System.Diagnostics;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Tests.Support;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;

namespace SpoaOpenTracing.Tracing.Tests;

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
        Assert.Equal(T0, Assert.Single(span.Events).Timestamp.UtcDateTime);
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
    [InlineData("server", ActivityKind.Server)]
    [InlineData("client", ActivityKind.Client)]
    [InlineData("producer", ActivityKind.Producer)]
    [InlineData("consumer", ActivityKind.Consumer)]
    [InlineData("internal", ActivityKind.Internal)]
    public void KindAppliesToTheSpanTheMessageCreates(string kind, ActivityKind expected)
    {
        using var h = new EngineHarness();
        h.Send("opentracing:x", Str("id", "r1"), Str("span", "Root"), Str("kind", "server"), Str("tag", "k"), More("v"),
            Str("span", "Child"), Str("kind", kind), Str("child-of", "Root"), Str("finish", "*"));
        Assert.Equal(ActivityKind.Server, h.Span("Root").Kind);
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
        Assert.Equal(ActivityKind.Internal, h.Span("Root").Kind);
        Assert.Equal(3, h.Metrics.ArgumentErrors); // earlier span, unknown kind, kind for a span never created
        Assert.Single(h.Exported);
    }

    [Theory]
    [InlineData("ok", ActivityStatusCode.Ok, null)]
    [InlineData("error", ActivityStatusCode.Error, null)]
    [InlineData("error: upstream reset", ActivityStatusCode.Error, "upstream reset")]
    [InlineData("unset", ActivityStatusCode.Unset, null)]
    public void StatusSetsTheCurrentSpansStatus(string status, ActivityStatusCode code, string? description)
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
        Assert.Equal(ActivityStatusCode.Ok, h.Span("O").Status);
        Assert.Null(h.Span("O").StatusDescription);
        Assert.Equal(1, h.Metrics.ArgumentErrors);
    }

    [Theory]
    [InlineData("server", 200L, ActivityStatusCode.Unset)]
    [InlineData("server", 404L, ActivityStatusCode.Unset)]
    [InlineData("server", 503L, ActivityStatusCode.Error)]
    [InlineData("client", 302L, ActivityStatusCode.Unset)]
    [InlineData("client", 404L, ActivityStatusCode.Error)]
    [InlineData("client", 500L, ActivityStatusCode.Error)]
    [InlineData("internal", 404L, ActivityStatusCode.Unset)]
    public void HttpStatusFollowsTheOpenTelemetryRule(string kind, long status, ActivityStatusCode expected)
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
