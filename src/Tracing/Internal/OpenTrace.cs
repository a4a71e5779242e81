using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// The spans open under one <c>id</c> value. Everything but <see cref="LastSeenTicks"/> is guarded by locking the
/// trace itself; once <see cref="Removed"/> is set the trace is out of the table and must not be used again.
/// </summary>
internal sealed class OpenTrace
{
    private long _lastSeenTicks;

    public OpenTrace(string key, DateTime now, in TraceOrigin origin)
    {
        Key = key;
        TraceId = origin.TraceId;
        RemoteParent = origin.RemoteParent;
        TraceState = origin.TraceState;
        IncomingBaggage = origin.Baggage;
        _lastSeenTicks = now.Ticks;
    }

    public string Key { get; }

    /// <summary>Shared by every root of this trace, so one <c>id</c> value is one trace in the backend.</summary>
    public TraceId TraceId { get; }

    /// <summary>The extracted remote span every root of this trace is a child of; default when the trace began here.</summary>
    public SpanId RemoteParent { get; }

    /// <summary>The incoming tracestate, carried by every span of the trace; null when none.</summary>
    public string? TraceState { get; }

    /// <summary>W3C baggage that came with the request: the starting baggage of every root.</summary>
    public KeyValuePair<string, string>[] IncomingBaggage { get; }

    /// <summary>Open spans in creation order: parents always precede their children.</summary>
    public List<OpenSpan> Spans { get; } = new();

    public bool Removed { get; set; }

    public long LastSeenTicks => Volatile.Read(ref _lastSeenTicks);

    public void Touch(DateTime now) => Volatile.Write(ref _lastSeenTicks, now.Ticks);

    public OpenSpan? Find(ReadOnlySpan<byte> nameUtf8)
    {
        foreach (var span in Spans)
        {
            if (nameUtf8.SequenceEqual(span.NameUtf8))
            {
                return span;
            }
        }

        return null;
    }
}
