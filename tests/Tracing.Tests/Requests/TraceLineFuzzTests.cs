using System.Diagnostics;
using SpoaOpenTracing.Tests.Shared;
using SpoaOpenTracing.Tracing.Requests;
using SpoaOpenTracing.Tracing.Tests.Support;
using Xunit.Abstractions;

namespace SpoaOpenTracing.Tracing.Tests.Requests;

/// <summary>
/// Mutated trace lines (the golden HAProxy captures and hand-written edge cases as seeds) through the parser and,
/// when one parses, the span builder: nothing escapes, and an accepted line always has what the builder needs.
/// The Category=Fuzz run (<c>FUZZ_LINES</c>: 100,000 in the suite, a million from fuzz/run.sh) and a short one.
/// </summary>
public sealed class TraceLineFuzzTests
{
    private readonly ITestOutputHelper _output;

    public TraceLineFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    [Trait("Category", "Fuzz")]
    public void MutatedLines_NoExceptionEscapes() => Run(FuzzSettings.Lines);

    [Fact]
    public void TenThousandMutatedLines_NoExceptionEscapes() => Run(10_000);

    private void Run(long count)
    {
        var seed = FuzzSettings.LineSeed ?? Random.Shared.Next();
        var mutator = new TraceLineMutator(seed, Seeds());
        var parser = new TraceLineParser();
        var record = new RequestRecord();
        using var harness = new EngineHarness(o => o.Exporter = ExporterKind.None);
        var reasons = new long[Enum.GetValues<TraceLineError>().Length];
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            var line = mutator.Next();
            TraceLineError error;
            try
            {
                error = parser.Parse(line, record);
                if (error == TraceLineError.None)
                {
                    Assert.True(record.TraceId.IsValid && record.ServerSpanId.IsValid && record.StartUnixNano > 0 && record.EndUnixNano > 0);
                    // Every 16th accepted line goes on to the span builder (all of them would triple the run).
                    if ((reasons[0] & 15) == 0)
                    {
                        harness.Engine.Record(record);
                        harness.Exported.Clear();
                    }
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}, line {i}: {Convert.ToHexString(line)}", e);
            }

            reasons[(int)error]++;
        }

        var summary = $"trace lines: {count:N0} mutated lines (FUZZ_LINE_SEED={seed}) in {clock.Elapsed.TotalSeconds:F1} s, 0 exceptions; "
            + string.Join(", ", Enum.GetValues<TraceLineError>().Where(r => reasons[(int)r] > 0).Select(r => $"{r} {reasons[(int)r]:N0}"));
        _output.WriteLine(summary);
        FuzzSettings.Report(summary);

        // The mutations reach both sides: whole lines still parse, and most reasons are met.
        Assert.True(reasons[(int)TraceLineError.None] > 0, summary);
        Assert.True(reasons.Count(n => n > 0) >= 7, summary);
    }

    private static IEnumerable<byte[]> Seeds() =>
        TraceLineCaptures.All.Values.Select(System.Text.Encoding.ASCII.GetBytes)
            .Append("otel-trace/1 path=\"\\u00e9\\ud83d\\ude00\\\\\\\"\" attr.x=1 attr.y=\"z\" future=- end;"u8.ToArray())
            .Append("otel-trace/2 end;"u8.ToArray());
}
