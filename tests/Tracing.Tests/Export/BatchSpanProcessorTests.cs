using Microsoft.Extensions.Logging.Abstractions;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed class BatchSpanProcessorTests
{
    [Fact]
    public void FullQueueDropsAndCountsWithoutBlockingTheProducer()
    {
        var metrics = new TracingMetrics();
        var options = new TracingOptions { MaxExportQueueSize = 2, MaxExportBatchSize = 1, ScheduledExportDelay = TimeSpan.FromMilliseconds(10) };
        using var gate = new ManualResetEventSlim(false);
        var exporter = new RecordingExporter(gate);
        var pool = new SpanPool(16);
        using var processor = new BatchSpanProcessor(exporter, pool, options, metrics, NullLogger.Instance);
        metrics.SetQueueDepthSource(() => processor.QueueDepth);
        EndSpans(processor, pool, 10);

        // At most one batch sits in the blocked exporter and two spans in the queue: the rest were dropped.
        Assert.InRange(metrics.ExportDropped, 7, 9);
        Assert.InRange(metrics.ExportQueueDepth, 1, 2);
        gate.Set();
        Assert.True(processor.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Equal(10, metrics.ExportDropped + metrics.Exported);
        Assert.Equal(0, metrics.ExportQueueDepth);
        Assert.Equal(metrics.Exported, exporter.Names.Count);
        Assert.True(processor.Shutdown(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void FullBatchesLeaveAtOnceAndTheRemainderWaitsForAFullBatchOrAFlush()
    {
        var metrics = new TracingMetrics();
        var options = new TracingOptions { MaxExportBatchSize = 4, ScheduledExportDelay = TimeSpan.FromMinutes(10) };
        var exporter = new RecordingExporter(null);
        var pool = new SpanPool(16);
        using var processor = new BatchSpanProcessor(exporter, pool, options, metrics, NullLogger.Instance);
        EndSpans(processor, pool, 10);
        Assert.True(SpinWait.SpinUntil(() => exporter.Names.Count == 8, TimeSpan.FromSeconds(30)));

        // Two more make the two left over a full batch: had the remainder been sent on its own, a batch of 2 would
        // come before it.
        EndSpans(processor, pool, 2, first: 10);
        Assert.True(SpinWait.SpinUntil(() => exporter.Names.Count == 12, TimeSpan.FromSeconds(30)));
        Assert.Equal([4, 4, 4], exporter.BatchSizes);
        EndSpans(processor, pool, 1, first: 12);
        Assert.True(processor.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Equal([4, 4, 4, 1], exporter.BatchSizes);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => "s" + i), exporter.Names);
        Assert.True(processor.Shutdown(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void ExportedAndDroppedRecordsGoBackToThePool()
    {
        var metrics = new TracingMetrics();
        var options = new TracingOptions { MaxExportQueueSize = 4, MaxExportBatchSize = 4, ScheduledExportDelay = TimeSpan.FromMinutes(10) };
        var exporter = new RecordingExporter(null);
        var pool = new SpanPool(64);
        using var processor = new BatchSpanProcessor(exporter, pool, options, metrics, NullLogger.Instance);
        var rented = new HashSet<SpanRecord>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < 4; i++)
        {
            var span = pool.Rent();
            rented.Add(span);
            span.Name = "s" + i;
            processor.Enqueue(span);
        }

        Assert.True(processor.ForceFlush(TimeSpan.FromSeconds(30)));
        var reused = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        Assert.All(reused, span => Assert.Contains(span, rented));
        Assert.All(reused, span => Assert.Equal(string.Empty, span.Name));
        Assert.True(processor.Shutdown(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void AThrowingExporterFailsTheBatchAndTheThreadGoesOn()
    {
        var metrics = new TracingMetrics();
        var options = new TracingOptions { MaxExportBatchSize = 1, ScheduledExportDelay = TimeSpan.FromMinutes(10) };
        var exporter = new RecordingExporter(null) { ThrowOn = "s0" };
        var pool = new SpanPool(16);
        using var processor = new BatchSpanProcessor(exporter, pool, options, metrics, NullLogger.Instance);
        EndSpans(processor, pool, 2);

        Assert.True(processor.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, metrics.ExportFailed);
        Assert.Equal(["s1"], exporter.Names);
        Assert.True(processor.Shutdown(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void BatchesAreExportedAtALowerPriorityThanTheThreadsThatEndSpans()
    {
        var metrics = new TracingMetrics();
        var options = new TracingOptions { MaxExportBatchSize = 1, ScheduledExportDelay = TimeSpan.FromMinutes(10) };
        var exporter = new RecordingExporter(null);
        var pool = new SpanPool(16);
        using var processor = new BatchSpanProcessor(exporter, pool, options, metrics, NullLogger.Instance);
        EndSpans(processor, pool, 1);

        Assert.True(processor.ForceFlush(TimeSpan.FromSeconds(30)));
        var producer = ThreadNice.OfCurrentThread();
        Assert.Equal(Math.Min(19, producer + BackgroundPriority.NiceIncrement), Assert.Single(exporter.ExportNiceValues));
        Assert.True(processor.Shutdown(TimeSpan.FromSeconds(30)));
    }

    private static void EndSpans(BatchSpanProcessor processor, SpanPool pool, int count, int first = 0)
    {
        for (var i = first; i < first + count; i++)
        {
            var span = pool.Rent();
            span.Name = "s" + i;
            processor.Enqueue(span);
        }
    }

    private sealed class RecordingExporter(ManualResetEventSlim? gate) : ISpanExporter
    {
        private readonly List<int> _batchSizes = new();
        private readonly List<string> _names = new();

        public string? ThrowOn { get; init; }

        public List<string> Names
        {
            get
            {
                lock (_batchSizes)
                {
                    return _names.ToList();
                }
            }
        }

        public int[] BatchSizes
        {
            get
            {
                lock (_batchSizes)
                {
                    return _batchSizes.ToArray();
                }
            }
        }

        /// <summary>The export thread's nice value at each export (Linux only).</summary>
        public List<int> ExportNiceValues { get; } = new();

        public ExportResult Export(ReadOnlySpan<SpanRecord> batch)
        {
            gate?.Wait(TimeSpan.FromSeconds(30));
            if (OperatingSystem.IsLinux())
            {
                ExportNiceValues.Add(ThreadNice.OfCurrentThread());
            }

            if (batch[0].Name == ThrowOn)
            {
                throw new InvalidOperationException("export failed");
            }

            lock (_batchSizes)
            {
                _batchSizes.Add(batch.Length);
                foreach (var span in batch)
                {
                    _names.Add(span.Name);
                }
            }

            return ExportResult.Success;
        }

        public bool ForceFlush(TimeSpan timeout) => true;

        public bool Shutdown(TimeSpan timeout) => true;

        public void Dispose()
        {
        }
    }
}
