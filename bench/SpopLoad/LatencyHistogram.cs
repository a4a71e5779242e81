namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>Counts of latencies at 1 µs resolution up to 100 ms, with one overflow bucket. Not thread-safe: one per connection, merged at the end.</summary>
internal sealed class LatencyHistogram
{
    private const int MaxMicroseconds = 100_000;

    private readonly long[] _counts = new long[MaxMicroseconds + 1];

    public long Count { get; private set; }

    public void Record(long microseconds)
    {
        _counts[Math.Clamp(microseconds, 0, MaxMicroseconds)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The smallest latency (µs) at or below which <paramref name="percentile"/> % of the samples fall; 100000 means "100 ms or more".</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Count * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return i;
            }
        }

        return MaxMicroseconds;
    }
}
