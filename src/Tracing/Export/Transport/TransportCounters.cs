namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>Outcomes of the export requests of one transport, for the engine's metrics. Written by the export
/// thread, read by any thread.</summary>
internal sealed class TransportCounters
{
    private readonly long[] _failures = new long[Enum.GetValues<ExportFailureReason>().Length];
    private long _succeeded;
    private long _retries;

    /// <summary>Requests the collector accepted.</summary>
    public long Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Attempts made again after a retryable failure.</summary>
    public long Retries => Volatile.Read(ref _retries);

    /// <summary>Requests dropped for <paramref name="reason"/> (the reason of the last attempt).</summary>
    public long Failed(ExportFailureReason reason) => Volatile.Read(ref _failures[(int)reason]);

    public long FailedTotal
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _failures.Length; i++)
            {
                total += Volatile.Read(ref _failures[i]);
            }

            return total;
        }
    }

    internal void CountSuccess() => Interlocked.Increment(ref _succeeded);

    internal void CountRetry() => Interlocked.Increment(ref _retries);

    internal void CountFailure(ExportFailureReason reason) => Interlocked.Increment(ref _failures[(int)reason]);
}
