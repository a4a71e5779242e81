namespace SpoaOpenTracing.Tracing;

/// <summary>
/// Counters of the tracing engine, safe to read from any thread (each value is read atomically; the set is not a
/// snapshot). Totals only grow; <see cref="OpenTraces"/>, <see cref="OpenSpans"/> and <see cref="ExportQueueDepth"/> are levels.
/// </summary>
public sealed partial class TracingMetrics
{
    private long _messagesHandled;
    private long _messageErrors;
    private long _argumentErrors;
    private long _invalidReferences;
    private long _tracesStarted;
    private long _tracesRefused;
    private long _openTraces;
    private long _openSpans;
    private long _spansStarted;
    private long _spansFinished;
    private long _spansReaped;
    private long _spansDropped;
    private long _tracesReaped;
    private long _attributesDropped;
    private long _eventsDropped;
    private long _exportDropped;
    private long _exported;
    private long _exportFailed;
    private long _contextsExtracted;
    private long _invalidContexts;
    private long _contextRequired;
    private long _tracesSampledOut;
    private long _tracesRateLimited;
    private Func<long>? _queueDepth;

    /// <summary><c>opentracing:</c> messages seen.</summary>
    public long MessagesHandled => Volatile.Read(ref _messagesHandled);

    /// <summary>Messages that failed as a whole (missing id, unknown parent, unknown argument, caps; a one-exchange message
    /// without a valid context or start): nothing of them was applied.</summary>
    public long MessageErrors => Volatile.Read(ref _messageErrors);

    /// <summary>Single arguments refused while the rest of their message went on (binary value, tag without value, a
    /// one-exchange argument of the wrong type…).</summary>
    public long ArgumentErrors => Volatile.Read(ref _argumentErrors);

    /// <summary>References to spans that are not open: unknown <c>child-of</c>/<c>follows-from</c> parents, unknown <c>finish</c> names.</summary>
    public long InvalidReferences => Volatile.Read(ref _invalidReferences);

    public long TracesStarted => Volatile.Read(ref _tracesStarted);

    /// <summary>New traces refused because <see cref="TracingOptions.MaxOpenTraces"/> were open.</summary>
    public long TracesRefused => Volatile.Read(ref _tracesRefused);

    public long OpenTraces => Volatile.Read(ref _openTraces);

    public long OpenSpans => Volatile.Read(ref _openSpans);

    public long SpansStarted => Volatile.Read(ref _spansStarted);

    /// <summary>Spans ended by <c>finish</c> (reaped ones are counted in <see cref="SpansReaped"/>).</summary>
    public long SpansFinished => Volatile.Read(ref _spansFinished);

    /// <summary>Spans ended by the reaper because their trace went idle.</summary>
    public long SpansReaped => Volatile.Read(ref _spansReaped);

    public long TracesReaped => Volatile.Read(ref _tracesReaped);

    /// <summary>Spans not created because of a cap (open traces, spans per trace).</summary>
    public long SpansDropped => Volatile.Read(ref _spansDropped);

    /// <summary>Tags or baggage not set because a span reached <see cref="TracingOptions.MaxAttributesPerSpan"/>.</summary>
    public long AttributesDropped => Volatile.Read(ref _attributesDropped);

    /// <summary>Logs not added because a span reached <see cref="TracingOptions.MaxEventsPerSpan"/>.</summary>
    public long EventsDropped => Volatile.Read(ref _eventsDropped);

    /// <summary>Finished spans thrown away because the export queue was full.</summary>
    public long ExportDropped => Volatile.Read(ref _exportDropped);

    /// <summary>Spans handed to the exporter (whatever the exporter then made of them).</summary>
    public long Exported => Volatile.Read(ref _exported);

    /// <summary>Spans in batches the exporter reported as failed.</summary>
    public long ExportFailed => Volatile.Read(ref _exportFailed);

    /// <summary>Finished spans waiting in the export queue.</summary>
    public long ExportQueueDepth => _queueDepth?.Invoke() ?? 0;

    /// <summary>Export requests the collector accepted.</summary>
    public long ExportRequests => Transport.Succeeded;

    /// <summary>Export requests sent again after a retryable answer (OTLP's retry rules).</summary>
    public long ExportRetries => Transport.Retries;

    /// <summary>Export requests given up, by reason (rejected, retries_exhausted, timeout, unreachable, transport).</summary>
    public IEnumerable<KeyValuePair<string, long>> ExportRequestFailures =>
        Enum.GetValues<Export.Transport.ExportFailureReason>().Select(r => new KeyValuePair<string, long>(Export.Transport.ExportFailureReasons.Name(r), Transport.Failed(r)));

    internal Export.Transport.TransportCounters Transport { get; } = new();

    /// <summary>Traces started as the child of a valid incoming context (traceparent, b3, uber-trace-id).</summary>
    public long ContextsExtracted => Volatile.Read(ref _contextsExtracted);

    /// <summary>Trace starts whose incoming context headers were present but invalid (they were ignored).</summary>
    public long InvalidContexts => Volatile.Read(ref _invalidContexts);

    /// <summary>Traces not started because <c>require-context</c> was asked and no valid incoming context came (also in
    /// <see cref="TracesSampledOut"/>).</summary>
    public long ContextRequiredRefusals => Volatile.Read(ref _contextRequired);

    /// <summary>Traces not recorded (no state kept, one round trip): the sampler's, the rate limiter's and
    /// require-context's refusals together.</summary>
    public long TracesSampledOut => Volatile.Read(ref _tracesSampledOut);

    /// <summary>Traces the sampler kept but the rate limiter refused (also in <see cref="TracesSampledOut"/>).</summary>
    public long TracesRateLimited => Volatile.Read(ref _tracesRateLimited);

    internal void ContextExtracted() => Interlocked.Increment(ref _contextsExtracted);

    internal void InvalidContext() => Interlocked.Increment(ref _invalidContexts);

    internal void ContextRequired() => Interlocked.Increment(ref _contextRequired);

    internal void TraceSampledOut() => Interlocked.Increment(ref _tracesSampledOut);

    internal void TraceRateLimited() => Interlocked.Increment(ref _tracesRateLimited);

    internal void MessageHandled() => Interlocked.Increment(ref _messagesHandled);

    internal void MessageError() => Interlocked.Increment(ref _messageErrors);

    internal void ArgumentError(int count = 1)
    {
        // Callers pass counts that are mostly zero (every new trace with a baggage header): no atomic for those.
        if (count != 0)
        {
            Interlocked.Add(ref _argumentErrors, count);
        }
    }

    internal void InvalidReference() => Interlocked.Increment(ref _invalidReferences);

    internal void TraceStarted() => Interlocked.Increment(ref _tracesStarted);

    internal void TraceRefused() => Interlocked.Increment(ref _tracesRefused);

    internal void TraceClosed() => Interlocked.Decrement(ref _openTraces);

    internal void TraceReaped() => Interlocked.Increment(ref _tracesReaped);

    internal void SpanStarted()
    {
        Interlocked.Increment(ref _spansStarted);
        Interlocked.Increment(ref _openSpans);
    }

    internal void SpanFinished(bool reaped)
    {
        Interlocked.Increment(ref reaped ? ref _spansReaped : ref _spansFinished);
        Interlocked.Decrement(ref _openSpans);
    }

    internal void SpanDropped() => Interlocked.Increment(ref _spansDropped);

    internal void AttributeDropped() => Interlocked.Increment(ref _attributesDropped);

    internal void EventDropped() => Interlocked.Increment(ref _eventsDropped);

    internal void ExportQueueFull() => Interlocked.Increment(ref _exportDropped);

    internal void ExportedBatch(int count, bool failed)
    {
        Interlocked.Add(ref _exported, count);
        if (failed)
        {
            Interlocked.Add(ref _exportFailed, count);
        }
    }

    internal void SetQueueDepthSource(Func<long> depth) => _queueDepth = depth;

    /// <summary>Counts a new open trace unless <paramref name="max"/> are already open (the cap check and the count are one step).</summary>
    internal bool TryReserveTrace(int max)
    {
        while (true)
        {
            var open = Volatile.Read(ref _openTraces);
            if (open >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _openTraces, open + 1, open) == open)
            {
                return true;
            }
        }
    }
}
