namespace SpoaOpenTracing.Bench.OtlpSink;

/// <summary>Running totals, updated from concurrent requests.</summary>
internal sealed class SinkTotals
{
    private long _spans;
    private long _requests;

    public long Spans => Interlocked.Read(ref _spans);

    public long Requests => Interlocked.Read(ref _requests);

    public void Add(long spans)
    {
        Interlocked.Add(ref _spans, spans);
        Interlocked.Increment(ref _requests);
    }
}
