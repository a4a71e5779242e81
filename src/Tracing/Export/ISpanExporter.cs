using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>
/// Encodes and sends batches of ended spans. Called by one export thread only, one batch at a time, never from an
/// ACK path. The records go back to the pool when <see cref="Export"/> returns: an exporter that holds spans longer
/// (the console tree) clones them.
/// </summary>
internal interface ISpanExporter : IDisposable
{
    ExportResult Export(ReadOnlySpan<SpanRecord> batch);

    /// <summary>Sends what the exporter itself still holds; false if <paramref name="timeout"/> passed first.</summary>
    bool ForceFlush(TimeSpan timeout);

    /// <summary>Flushes and releases connections; later exports fail.</summary>
    bool Shutdown(TimeSpan timeout);
}
