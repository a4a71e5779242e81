using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Internal;

public sealed class OwnSourceProcessorTests
{
    [Fact]
    public void TwoEnginesWithTheSameSourceNameExportOnlyTheirOwnSpans()
    {
        var name = "shared-" + Guid.NewGuid().ToString("n");
        var first = new List<Activity>();
        var second = new List<Activity>();
        var options = new TracingOptions { Exporter = ExporterKind.None };
        using var a = new TracingEngine(options, null, new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(first)), TimeProvider.System, name);
        using var b = new TracingEngine(options, null, new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(second)), TimeProvider.System, name);

        foreach (var frame in SeedMessages.Request("only-a"))
        {
            EngineHarness.Feed(a, EngineHarness.Encode(frame));
        }

        Assert.Equal(9, first.Count);
        Assert.Empty(second);
    }
}
