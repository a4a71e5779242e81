using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Console;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed class ConsoleTreeExporterTests
{
    private static readonly ExportResource s_resource = new("svc-tree", [new("service.name", "svc-tree")], "spoa-opentracing", null);

    [Fact]
    public void PrintsTheTraceAsATreeWhenTheRootEnds()
    {
        var spans = SeedTrace(IdGenerator.NewTraceId());
        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output, s_resource);

        Assert.Equal(ExportResult.Success, exporter.Export(spans.AsSpan(0, spans.Length - 1)));
        Assert.Empty(output.ToString());
        Assert.Equal(ExportResult.Success, exporter.Export(spans.AsSpan(spans.Length - 1)));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"trace {spans[0].TraceId} service=svc-tree spans=9", lines[0]);
        string[] expected =
        [
            "  HAProxy session  ",
            "    Client session  ",
            "      Frontend TCP request  ",
            "        Frontend HTTP request  ",
            "          Backend TCP request  ",
            "            Backend HTTP request  ",
            "    Server session  ",
            "      TCP response  ",
            "        HTTP response  ",
        ];
        Assert.Equal(expected.Length + 1, lines.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], lines[i + 1], StringComparison.Ordinal);
            Assert.Contains(" ms", lines[i + 1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FlushPrintsIncompleteTraces()
    {
        var spans = SeedTrace(IdGenerator.NewTraceId());
        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output, s_resource);
        exporter.Export(spans.AsSpan(0, 4));
        Assert.Empty(output.ToString());

        Assert.True(exporter.ForceFlush(TimeSpan.FromSeconds(1)));

        var text = output.ToString();
        Assert.StartsWith($"trace {spans[0].TraceId} service=svc-tree spans=4 (incomplete){Environment.NewLine}", text, StringComparison.Ordinal);
        Assert.Contains("  Frontend TCP request  ", text, StringComparison.Ordinal);
        output.GetStringBuilder().Clear();
        Assert.True(exporter.Shutdown(TimeSpan.FromSeconds(1)));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void ShutdownPrintsWhatIsHeld()
    {
        var spans = SeedTrace(IdGenerator.NewTraceId());
        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output, s_resource);
        exporter.Export(spans.AsSpan(0, 2));

        Assert.True(exporter.Shutdown(TimeSpan.FromSeconds(1)));

        Assert.Contains("spans=2 (incomplete)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ALinePrintsDurationStatusAttributesLinksAndEvents()
    {
        var trace = new TraceId(0x670d5a1f67c85ab4, 0x9c50ac601cc682d3);
        var root = Span(trace, 1, 0, "HAProxy session", 0, 10.824);
        root.SetAttribute("baggage.haproxy_id", "7b1b1f96");
        root.SetAttribute("error", true);
        root.SetAttribute("count", 42L);
        root.SetAttribute("ratio", 0.25);
        root.SetStatus(SpanStatusCode.Error, "timeout");
        root.AddEvent("timeout", 5_000_000, new SpanAttribute("reason", "no answer"));
        var child = Span(trace, 2, 1, "Frontend HTTP request", 1, 1.62);
        child.SetAttribute("http.method", "GET");
        child.AddLink(trace, new SpanId(0x4a5c1a82b5a9f08c), null, [new("opentracing.ref_type", "follows_from")]);
        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output, s_resource);

        exporter.Export([child, root]);

        string[] expected =
        [
            "trace 670d5a1f67c85ab49c50ac601cc682d3 service=svc-tree spans=2",
            "  HAProxy session  10.824 ms  ERROR (timeout)  baggage.haproxy_id=7b1b1f96  error=True  count=42  ratio=0.25",
            "    * timeout  reason=no answer",
            "    Frontend HTTP request  1.620 ms  http.method=GET  follows=4a5c1a82b5a9f08c",
            string.Empty,
        ];
        Assert.Equal(string.Join(Environment.NewLine, expected), output.ToString());
    }

    [Fact]
    public void HeldSpansSurviveTheirRecordsGoingBackToThePool()
    {
        var spans = SeedTrace(IdGenerator.NewTraceId());
        var pool = new SpanPool(16);
        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output, s_resource);
        exporter.Export(spans.AsSpan(0, spans.Length - 1));
        foreach (var span in spans[..^1])
        {
            pool.Return(span);
        }

        exporter.Export(spans.AsSpan(spans.Length - 1));

        var text = output.ToString();
        Assert.Contains("spans=9", text, StringComparison.Ordinal);
        Assert.Contains("            Backend HTTP request  ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyHeldSpansArePrintedIncompleteAtOnce()
    {
        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output, s_resource);
        var trace = IdGenerator.NewTraceId();
        var orphans = Enumerable.Range(1, ConsoleTreeExporter.MaxHeldSpans).Select(i => Span(trace, (ulong)i + 1, 1, "orphan", i, 1)).ToArray();
        exporter.Export(orphans);
        Assert.Empty(output.ToString());

        exporter.Export([Span(trace, 100_000, 1, "one too many", 0, 1)]);

        Assert.StartsWith($"trace {trace} service=svc-tree spans={ConsoleTreeExporter.MaxHeldSpans + 1} (incomplete)", output.ToString(), StringComparison.Ordinal);
        output.GetStringBuilder().Clear();
        Assert.True(exporter.ForceFlush(TimeSpan.FromSeconds(1)));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void RepeatedSpanIdsPrintEachSpanOnce()
    {
        var trace = IdGenerator.NewTraceId();
        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output, s_resource);

        exporter.Export([Span(trace, 5, 5, "twin a", 1, 1), Span(trace, 5, 5, "twin b", 2, 1), Span(trace, 5, 0, "root", 0, 3)]);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        // Twin b's parent id is also twin a's id: b prints under a, once, and the walk ends.
        Assert.Equal(["  root  3.000 ms", "    twin a  1.000 ms", "      twin b  1.000 ms"], lines[1..]);
    }

    /// <summary>The seed's 9-span trace in the order its spans end (children first, the root last).</summary>
    private static SpanRecord[] SeedTrace(TraceId trace) =>
    [
        Span(trace, 3, 2, "Frontend TCP request", 0.5, 0.17),
        Span(trace, 6, 5, "Backend HTTP request", 1.2, 0.153),
        Span(trace, 5, 4, "Backend TCP request", 1.1, 0.3),
        Span(trace, 4, 3, "Frontend HTTP request", 0.7, 1.62),
        Span(trace, 2, 1, "Client session", 0.1, 10.7),
        Span(trace, 9, 8, "HTTP response", 9.1, 0.197),
        Span(trace, 8, 7, "TCP response", 9, 0.5),
        Span(trace, 7, 1, "Server session", 8.9, 1),
        Span(trace, 1, 0, "HAProxy session", 0, 10.824),
    ];

    private static SpanRecord Span(TraceId trace, ulong id, ulong parent, string name, double startMs, double durationMs)
    {
        var start = 1_767_323_045_000_000_000L + (long)(startMs * 1_000_000);
        return new SpanRecord
        {
            TraceId = trace,
            SpanId = new SpanId(id),
            ParentSpanId = new SpanId(parent),
            Name = name,
            StartUnixNano = start,
            EndUnixNano = start + (long)(durationMs * 1_000_000),
        };
    }
}
