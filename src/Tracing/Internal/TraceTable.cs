using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Open traces keyed by the <c>id</c> value. Any connection may carry any trace's messages (HAProxy spreads one
/// stream's events over several connections), so the table is one concurrent dictionary, and each trace has its own
/// lock: there is no lock around the table. Lookups decode the key onto the stack and use the dictionary's
/// span-keyed view, so the key string is only allocated when a trace is created.
/// </summary>
internal sealed class TraceTable
{
    private const int StackKeyLimit = 256;

    private readonly ConcurrentDictionary<string, Trace> _traces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Trace>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly TracingMetrics _metrics;
    private readonly int _maxOpenTraces;

    public TraceTable(TracingMetrics metrics, int maxOpenTraces)
    {
        _metrics = metrics;
        _maxOpenTraces = maxOpenTraces;
        _bySpan = _traces.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>For the reaper: enumerating a concurrent dictionary takes no lock and tolerates concurrent changes.</summary>
    public IEnumerable<Trace> Traces => _traces.Values;

    /// <summary>The open trace for <paramref name="id"/>, created if needed; null when the cap refuses a new one.</summary>
    public Trace? GetOrCreate(scoped in SpopValue id, DateTime now, out bool refused)
    {
        refused = false;
        if (id.Type != SpopDataType.String)
        {
            return GetOrCreate(id.ToString().AsSpan(), now, out refused);
        }

        var bytes = id.Bytes;
        char[]? rented = null;
        Span<char> chars = bytes.Length <= StackKeyLimit
            ? stackalloc char[StackKeyLimit]
            : rented = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(bytes, chars);
            return GetOrCreate(chars[..length], now, out refused);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Takes the trace out of the table; the caller holds its lock and has ended or never had its spans.</summary>
    public void Remove(Trace trace)
    {
        trace.Removed = true;
        if (_traces.TryRemove(KeyValuePair.Create(trace.Key, trace)))
        {
            _metrics.TraceClosed();
        }
    }

    private Trace? GetOrCreate(ReadOnlySpan<char> key, DateTime now, out bool refused)
    {
        refused = false;
        if (_bySpan.TryGetValue(key, out var trace))
        {
            return trace;
        }

        if (!_metrics.TryReserveTrace(_maxOpenTraces))
        {
            refused = true;
            _metrics.TraceRefused();
            return null;
        }

        var created = new Trace(key.ToString(), now);
        trace = _traces.GetOrAdd(created.Key, created);
        if (ReferenceEquals(trace, created))
        {
            _metrics.TraceStarted();
        }
        else
        {
            // Another connection created it first: give back the slot we reserved.
            _metrics.TraceClosed();
        }

        return trace;
    }
}
