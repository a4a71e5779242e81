using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Sampling;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.Tracing.Tests.Sampling;

public sealed class SamplingEngineTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentId = "00f067aa0ba902b7";

    [Fact]
    public void UnsampledTraceCreatesNoTableEntryNoSpanAndAnswersTheDecision()
    {
        using var h = new EngineHarness(o => o.Sampler = SamplerKind.AlwaysOff);
        var vars = h.Ack("opentracing:req", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("span", "Child"), Str("child-of", "Root"));

        Assert.Equal(new Dictionary<string, object?> { ["sampled"] = false }, vars);
        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Equal(0, h.Metrics.TracesStarted);
        Assert.Equal(0, h.Metrics.SpansStarted);
        Assert.Equal(1, h.Metrics.TracesSampledOut);
        Assert.Equal(0, h.Metrics.MessageErrors);
        Assert.Empty(h.Exported);
    }

    [Fact]
    public void UnsampledInjectCarriesThePropagatedTraceIdAFreshSpanIdAndFlag00()
    {
        using var h = new EngineHarness(o => o.Sampler = SamplerKind.ParentBasedAlwaysOn);
        var vars = h.Ack("opentracing:req", Str("id", "r1"), Str("traceparent", $"00-{TraceId}-{ParentId}-00"), Str("tracestate", "rojo=1"),
            Str("baggage-header", "user=alice"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("inject", "Root"));

        var traceparent = Assert.IsType<string>(vars["traceparent"]);
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-00$", traceparent);
        Assert.NotEqual(ParentId, vars["span_id"]);
        Assert.Equal(TraceId, vars["trace_id"]);
        Assert.Equal(false, vars["sampled"]);
        Assert.Equal("rojo=1", vars["tracestate"]);
        Assert.Equal("user=alice", vars["baggage"]);
        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Empty(h.Exported);
    }

    [Fact]
    public void UnsampledInjectWritesB3AndJaegerWithTheNotSampledFlag()
    {
        using var h = new EngineHarness(o =>
        {
            o.Sampler = SamplerKind.AlwaysOff;
            o.Propagators = Tracing.Propagation.Propagators.B3 | Tracing.Propagation.Propagators.Jaeger;
        });
        var vars = h.Ack("opentracing:req", Str("id", "r1"), Str("b3", $"{TraceId}-{ParentId}-1"), Str("traceparent", $"00-{TraceId}-{ParentId}-01"),
            Str("span", "Root"), Str("inject", "Root"));

        var spanId = Assert.IsType<string>(vars["span_id"]);
        Assert.Equal($"{TraceId}-{spanId}-0", vars["b3"]);
        Assert.Equal($"{TraceId}:{spanId}:0:00", vars["uber_trace_id"]);
        Assert.Equal($"00-{TraceId}-{spanId}-00", vars["traceparent"]);
        Assert.Equal(1, h.Metrics.TracesSampledOut);
    }

    [Fact]
    public void UnsampledInjectWithoutParentGetsTheTraceIdALaterMessageWouldGet()
    {
        using var h = new EngineHarness(o => o.Sampler = SamplerKind.AlwaysOff);
        var first = h.Ack("opentracing:req", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("inject", "Root"));
        var second = h.Ack("opentracing:res", Str("id", "r1"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("inject", "Root"));
        var other = h.Ack("opentracing:req", Str("id", "r2"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("inject", "Root"));

        Assert.Equal(first["trace_id"], second["trace_id"]);
        Assert.NotEqual(first["trace_id"], other["trace_id"]);
        Assert.NotEqual(first["span_id"], second["span_id"]);
        Assert.EndsWith("-00", (string)first["traceparent"]!);
    }

    [Theory]
    [InlineData(SamplerKind.ParentBasedAlwaysOn, "01", true)]
    [InlineData(SamplerKind.ParentBasedAlwaysOn, "00", false)]
    [InlineData(SamplerKind.ParentBasedAlwaysOff, "01", true)]
    [InlineData(SamplerKind.ParentBasedAlwaysOff, "00", false)]
    [InlineData(SamplerKind.ParentBasedTraceIdRatio, "01", true)]
    [InlineData(SamplerKind.AlwaysOn, "00", true)]
    [InlineData(SamplerKind.AlwaysOff, "01", false)]
    public void ParentBasedSamplersHonourTheIncomingSampledFlag(SamplerKind sampler, string flags, bool recorded)
    {
        using var h = new EngineHarness(o =>
        {
            o.Sampler = sampler;
            o.SamplerArgument = 0;
        });
        var vars = h.Ack("opentracing:req", Str("id", "r1"), Str("traceparent", $"00-{TraceId}-{ParentId}-{flags}"),
            Str("span", "Root"), Str("tag", "k"), More("v"), Str("finish", ""));

        Assert.Equal(recorded, vars["sampled"]);
        Assert.Equal(recorded ? 1 : 0, h.Exported.Count);
        if (recorded)
        {
            Assert.Equal(ParentId, h.Span("Root").ParentSpanId.ToString());
        }
    }

    [Fact]
    public void RatioDecisionIsRepeatableForLaterMessagesOfTheSameId()
    {
        using var h = new EngineHarness(o =>
        {
            o.Sampler = SamplerKind.TraceIdRatio;
            o.SamplerArgument = 0.5;
        });
        var decisions = new Dictionary<string, bool>();
        for (var i = 0; i < 200; i++)
        {
            var id = "req-" + i;
            var vars = h.Ack("opentracing:start", Str("id", id), Str("span", "Root"), Str("tag", "k"), More("v"));
            decisions[id] = (bool)vars["sampled"]!;
        }

        Assert.InRange(decisions.Values.Count(d => d), 60, 140);
        foreach (var (id, sampled) in decisions)
        {
            // An unguarded later message: a sampled trace takes it, an unsampled one answers "not sampled" again.
            var vars = h.Ack("opentracing:end", Str("id", id), Str("span", "Child"), Str("child-of", "Root"), Str("finish", "*"));
            Assert.Equal(sampled ? [] : new Dictionary<string, object?> { ["sampled"] = false }, vars);
        }

        Assert.Equal(decisions.Values.Count(d => d) * 2, h.Exported.Count);
        Assert.Equal(0, h.Metrics.MessageErrors);
        Assert.Equal(0, h.Metrics.OpenTraces);
    }

    [Fact]
    public void RateLimiterCapsNewTracesPerSecond()
    {
        using var h = new EngineHarness(o => o.RateLimitPerSecond = 5);
        var sampled = Enumerable.Range(0, 20)
            .Count(i => (bool)h.Ack("opentracing:x", Str("id", "a" + i), Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", ""))["sampled"]!);
        Assert.Equal(5, sampled);
        Assert.Equal(15, h.Metrics.TracesRateLimited);
        Assert.Equal(15, h.Metrics.TracesSampledOut);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        sampled = Enumerable.Range(0, 20)
            .Count(i => (bool)h.Ack("opentracing:x", Str("id", "b" + i), Str("span", "S"), Str("tag", "k"), More("v"), Str("finish", ""))["sampled"]!);
        Assert.Equal(5, sampled);
        Assert.Equal(10, h.Exported.Count);
    }

    [Fact]
    public void MessagesOfAnOpenTraceNeitherConsultTheSamplerNorRepeatTheDecision()
    {
        using var h = new EngineHarness(o => o.RateLimitPerSecond = 1);
        Assert.Equal(true, h.Ack("opentracing:a", Str("id", "r1"), Str("span", "S"), Str("tag", "k"), More("v"))["sampled"]);
        Assert.Empty(h.Ack("opentracing:b", Str("id", "r1"), Str("span", "T"), Str("child-of", "S")));
        Assert.Empty(h.Ack("opentracing:c", Str("id", "r1"), Str("finish", "*")));
        Assert.Equal(2, h.Exported.Count);
        Assert.Equal(0, h.Metrics.TracesRateLimited);
    }

    [Fact]
    public void UnsampledMessagesAllocateNothing()
    {
        using var h = new EngineHarness(o =>
        {
            o.Sampler = SamplerKind.AlwaysOff;
            o.Propagators = Tracing.Propagation.Propagators.TraceContext | Tracing.Propagation.Propagators.Baggage | Tracing.Propagation.Propagators.B3;
        });
        var payload = EngineHarness.Encode(("opentracing:req",
        [
            Str("id", "0A000001:C1F2_0A000001:1F90_6600A1B2_0001:4D2"), Str("traceparent", $"00-{TraceId}-{ParentId}-01"),
            Str("tracestate", "rojo=1"), Str("baggage-header", "user=alice"), new Arg("ts", SpopDataType.Int64, 1_780_000_000_000_000L),
            Str("span", "Root"), Str("tag", "http.method"), More("GET"), Str("inject", "Root"),
        ]), ("opentracing:fresh", [Str("id", "0A000001:C1F3_0A000001:1F90_6600A1B2_0002:4D2"), Str("span", "Root"), Str("tag", "k"), More("v"), Str("inject", "Root")]));
        var ack = new byte[4096];

        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var actions = new ActionWriter(ack);
                var reader = new MessageListReader(payload);
                while (reader.TryReadMessage(out var message))
                {
                    h.Engine.HandleMessage(message, ref actions);
                }
            }
        }

        Run(100);

        Assert.Equal(0, Allocations.SteadyState(() => Run(1000)));
        Assert.Equal(6200, h.Metrics.TracesSampledOut);
    }
}
