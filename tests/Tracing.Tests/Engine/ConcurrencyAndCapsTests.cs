using SpoaOpenTracing.Tracing.Tests.Support;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;

namespace SpoaOpenTracing.Tracing.Tests.Engine;

public sealed class ConcurrencyAndCapsTests
{
    [Fact]
    public void ManyTracesFromSeveralThreadsAreAllExportedOnce()
    {
        const int threads = 8;
        const int tracesPerThread = 150;
        using var h = new EngineHarness();
        var frames = Enumerable.Range(0, threads)
            .Select(t => Enumerable.Range(0, tracesPerThread)
                .SelectMany(i => SeedMessages.Request($"t{t}-{i}")).Select(f => EngineHarness.Encode(f)).ToList())
            .ToList();
        using var start = new Barrier(threads);
        var workers = frames.Select(list => new Thread(() =>
        {
            start.SignalAndWait();
            foreach (var payload in list)
            {
                EngineHarness.Feed(h.Engine, payload);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromMinutes(2))));

        var spans = h.Exported;
        Assert.Equal(threads * tracesPerThread * 9, spans.Count);
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
        Assert.Equal(threads * tracesPerThread, spans.Select(s => s.TraceId).Distinct().Count());
        Assert.Equal(0, h.Metrics.OpenTraces);
        Assert.Equal(0, h.Metrics.OpenSpans);
        Assert.Equal(0, h.Metrics.MessageErrors);
        Assert.Equal(threads * tracesPerThread, h.Metrics.TracesStarted);
    }

    [Fact]
    public void OneTraceFedFromSeveralThreadsKeepsEveryTag()
    {
        const int threads = 4;
        const int tagsPerThread = 25;
        using var h = new EngineHarness(o => o.MaxAttributesPerSpan = 1000);
        h.Send("opentracing:a", Str("id", "shared"), Str("span", "Root"), Str("tag", "start"), More("1"));
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < tagsPerThread; i++)
            {
                h.Send("opentracing:b", Str("id", "shared"), Str("span", "Root"), Str("tag", $"t{t}.{i}"), More("x"),
                    Str("span", $"child {t}.{i}"), Str("child-of", "Root"), Str("finish", ""));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromMinutes(1))));
        h.Send("opentracing:c", Str("id", "shared"), Str("finish", "*"));

        var root = h.Span("Root");
        Assert.Equal(1 + (threads * tagsPerThread), root.TagObjects.Count());
        Assert.Equal(1 + (threads * tagsPerThread), h.Exported.Count);
        Assert.All(h.Exported.Where(s => s != root), s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.Equal(0, h.Metrics.OpenTraces);
    }

    [Fact]
    public void MaxOpenTracesRefusesNewTracesAndCounts()
    {
        using var h = new EngineHarness(o => o.MaxOpenTraces = 2);
        foreach (var id in new[] { "a", "b", "c" })
        {
            h.Send("opentracing:x", Str("id", id), Str("span", "S"), Str("tag", "k"), More("v"));
        }

        Assert.Equal(2, h.Metrics.OpenTraces);
        Assert.Equal(1, h.Metrics.TracesRefused);
        Assert.Equal(1, h.Metrics.SpansDropped);
        Assert.Equal(2, h.Metrics.SpansStarted);

        h.Send("opentracing:x", Str("id", "a"), Str("finish", "*"));
        h.Send("opentracing:x", Str("id", "c"), Str("span", "S"), Str("tag", "k"), More("v"));
        Assert.Equal(2, h.Metrics.OpenTraces);
        Assert.Equal(1, h.Metrics.TracesRefused);
    }

    [Fact]
    public void MaxSpansPerTraceRefusesTheMessageAndCounts()
    {
        using var h = new EngineHarness(o => o.MaxSpansPerTrace = 2);
        h.Send("opentracing:x", Str("id", "a"), Str("span", "A"), Str("tag", "k"), More("v"), Str("span", "B"), Str("child-of", "A"));
        h.Send("opentracing:x", Str("id", "a"), Str("span", "C"), Str("child-of", "A"));

        Assert.Equal(1, h.Metrics.SpansDropped);
        Assert.Equal(1, h.Metrics.MessageErrors);
        Assert.Equal(2, h.Metrics.OpenSpans);

        h.Send("opentracing:x", Str("id", "a"), Str("finish", "B"));
        h.Send("opentracing:x", Str("id", "a"), Str("span", "C"), Str("child-of", "A"), Str("finish", "*"));
        Assert.Equal(["A", "B", "C"], h.Exported.Select(s => s.DisplayName).Order());
    }

    [Fact]
    public void ExporterNoneStillFollowsTheGrammar()
    {
        var options = new TracingOptions { Exporter = ExporterKind.None };
        using var engine = new TracingEngine(options);
        foreach (var frame in SeedMessages.Request("none"))
        {
            EngineHarness.Feed(engine, EngineHarness.Encode(frame));
        }

        Assert.Equal(9, engine.Metrics.SpansStarted);
        Assert.Equal(9, engine.Metrics.SpansFinished);
        Assert.Equal(0, engine.Metrics.OpenTraces);
        Assert.Equal(0, engine.Metrics.MessageErrors);
        Assert.True(engine.ForceFlush(TimeSpan.FromSeconds(5)));
    }
}
