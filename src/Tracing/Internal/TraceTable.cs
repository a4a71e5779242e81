using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Open traces keyed by the <c>id</c> value. Any connection may carry any trace's messages (HAProxy spreads one
/// stream's events over several connections), so the table is one concurrent dictionary, and each trace has its own
/// lock: there is no lock around the table. Lookups use the dictionary's span-keyed view over a key decoded onto the
/// stack, so the key string is only allocated when a trace is created.
/// </summary>
internal sealed class TraceTable
{
    public const int StackKeyLimit = 256;

    private readonly ConcurrentDictionary<string, OpenTrace> _traces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpenTrace>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly TracingMetrics _metrics;
    private readonly int _maxOpenTraces;

    public TraceTable(TracingMetrics metrics, int maxOpenTraces)
    {
        _metrics = metrics;
        _maxOpenTraces = maxOpenTraces;
        _bySpan = _traces.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>For the reaper: enumerating a concurrent dictionary takes no lock and tolerates concurrent changes.</summary>
    public IEnumerable<OpenTrace> Traces => _traces.Values;

    /// <summary>
    /// The key text of an <c>id</c> value: string bytes decoded into <paramref name="stack"/> (or a rented array,
    /// returned by the caller, when longer than <see cref="StackKeyLimit"/>), other types as their text.
    /// </summary>
    public static ReadOnlySpan<char> DecodeKey(scoped in SpopValue id, Span<char> stack, out char[]? rented)
    {
        rented = null;
        if (id.Type != SpopDataType.String)
        {
            return id.ToString().AsSpan();
        }

        var bytes = id.Bytes;
        var chars = bytes.Length <= stack.Length ? stack : rented = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.Length));
        var length = Encoding.UTF8.GetChars(bytes, chars);
        return chars[..length];
    }

    public OpenTrace? TryGet(ReadOnlySpan<char> key) => _bySpan.TryGetValue(key, out var trace) ? trace : null;

    /// <summary>The open trace for <paramref name="key"/>, created from <paramref name="origin"/> if needed; null when
    /// the cap refuses a new one.</summary>
    public OpenTrace? GetOrCreate(ReadOnlySpan<char> key, DateTime now, in TraceOrigin origin, out bool refused)
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

        var created = new OpenTrace(key.ToString(), now, origin);
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

    /// <summary>Takes the trace out of the table; the caller holds its lock and has ended or never had its spans.</summary>
    public void Remove(OpenTrace trace)
    {
        trace.Removed = true;
        if (_traces.TryRemove(KeyValuePair.Create(trace.Key, trace)))
        {
            _metrics.TraceClosed();
        }
    }
}
