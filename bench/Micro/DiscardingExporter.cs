using System.Diagnostics;
using OpenTelemetry;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>The end of the engine benchmarks' span pipeline: takes every batch and keeps nothing.</summary>
internal sealed class DiscardingExporter : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
}
