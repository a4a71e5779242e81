using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>
/// One span as it is exported: ids (minted here or given by the caller, e.g. HAProxy's), name, kind, start and end in
/// unix nanoseconds, typed attributes, events, links and status. Pooled (<see cref="SpanPool"/>): the lists keep
/// their capacity from one use to the next, so a span costs no allocation of its own once the pool is warm. Not
/// thread-safe: one writer until it is ended, then read by the export thread only.
/// </summary>
public sealed class SpanRecord
{
    private readonly List<SpanAttribute> _attributes = new();
    private readonly List<SpanEvent> _events = new();
    private readonly List<SpanLink> _links = new();
    private readonly List<SpanAttribute> _nested = new();

    // Records come from the engine's pool; a host only reads them (or clones one to keep it).
    internal SpanRecord()
    {
    }

    public TraceId TraceId { get; internal set; }

    public SpanId SpanId { get; internal set; }

    /// <summary><c>default</c> for a root span.</summary>
    public SpanId ParentSpanId { get; internal set; }

    /// <summary>The parent came from another process (an extracted or HAProxy-minted context).</summary>
    public bool ParentIsRemote { get; internal set; }

    /// <summary>W3C tracestate carried with the context; null when none.</summary>
    public string? TraceState { get; internal set; }

    public string Name { get; internal set; } = string.Empty;

    public SpanKind Kind { get; internal set; } = SpanKind.Internal;

    public long StartUnixNano { get; internal set; }

    public long EndUnixNano { get; internal set; }

    public SpanStatusCode StatusCode { get; private set; }

    /// <summary>Kept with <see cref="SpanStatusCode.Error"/> only, as OpenTelemetry does.</summary>
    public string? StatusDescription { get; private set; }

    /// <summary>Attributes refused by a count limit (OTLP's <c>dropped_attributes_count</c>).</summary>
    public int DroppedAttributesCount { get; internal set; }

    public int DroppedEventsCount { get; internal set; }

    public int DroppedLinksCount { get; internal set; }

    public ReadOnlySpan<SpanAttribute> Attributes => CollectionsMarshal.AsSpan(_attributes);

    public ReadOnlySpan<SpanEvent> Events => CollectionsMarshal.AsSpan(_events);

    public ReadOnlySpan<SpanLink> Links => CollectionsMarshal.AsSpan(_links);

    /// <summary>The attributes of every event and link, one after the other.</summary>
    public ReadOnlySpan<SpanAttribute> NestedAttributes => CollectionsMarshal.AsSpan(_nested);

    public ReadOnlySpan<SpanAttribute> AttributesOf(in SpanEvent spanEvent) => NestedAttributes.Slice(spanEvent.AttributeStart, spanEvent.AttributeCount);

    public ReadOnlySpan<SpanAttribute> AttributesOf(in SpanLink link) => NestedAttributes.Slice(link.AttributeStart, link.AttributeCount);

    internal void SetStatus(SpanStatusCode code, string? description = null)
    {
        StatusCode = code;
        StatusDescription = code == SpanStatusCode.Error ? description : null;
    }

    /// <summary>Sets or replaces <paramref name="key"/>. A new key beyond <paramref name="countLimit"/> attributes is
    /// dropped and counted; false then.</summary>
    internal bool SetAttribute(string key, AttributeValue value, int countLimit = int.MaxValue)
    {
        var attributes = CollectionsMarshal.AsSpan(_attributes);
        for (var i = 0; i < attributes.Length; i++)
        {
            if (string.Equals(attributes[i].Key, key))
            {
                attributes[i] = new SpanAttribute(key, value);
                return true;
            }
        }

        return AddAttribute(key, value, countLimit);
    }

    /// <summary>Appends without looking for the key: for a builder whose keys are distinct by construction (the span
    /// records' attributes of a request, about 25, would otherwise cost a scan each).</summary>
    internal bool AddAttribute(string key, AttributeValue value, int countLimit = int.MaxValue)
    {
        if (_attributes.Count >= countLimit)
        {
            DroppedAttributesCount++;
            return false;
        }

        _attributes.Add(new SpanAttribute(key, value));
        return true;
    }

    public bool TryGetAttribute(string key, out AttributeValue value)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Key, key, StringComparison.Ordinal))
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    internal void AddEvent(string name, long timeUnixNano, SpanAttribute attribute)
    {
        _events.Add(new SpanEvent(name, timeUnixNano, _nested.Count, 1));
        _nested.Add(attribute);
    }

    internal void AddEvent(string name, long timeUnixNano, ReadOnlySpan<SpanAttribute> attributes)
    {
        _events.Add(new SpanEvent(name, timeUnixNano, _nested.Count, attributes.Length));
        _nested.AddRange(attributes);
    }

    internal void AddLink(TraceId traceId, SpanId spanId, string? traceState, ReadOnlySpan<SpanAttribute> attributes)
    {
        _links.Add(new SpanLink(traceId, spanId, traceState, _nested.Count, attributes.Length));
        _nested.AddRange(attributes);
    }

    /// <summary>A copy that owns its lists, for whoever keeps a span beyond the call that handed it over.</summary>
    public SpanRecord Clone()
    {
        var copy = new SpanRecord();
        copy.CopyFrom(this);
        return copy;
    }

    internal void CopyFrom(SpanRecord source)
    {
        Reset();
        TraceId = source.TraceId;
        SpanId = source.SpanId;
        ParentSpanId = source.ParentSpanId;
        ParentIsRemote = source.ParentIsRemote;
        TraceState = source.TraceState;
        Name = source.Name;
        Kind = source.Kind;
        StartUnixNano = source.StartUnixNano;
        EndUnixNano = source.EndUnixNano;
        StatusCode = source.StatusCode;
        StatusDescription = source.StatusDescription;
        DroppedAttributesCount = source.DroppedAttributesCount;
        DroppedEventsCount = source.DroppedEventsCount;
        DroppedLinksCount = source.DroppedLinksCount;
        _attributes.AddRange(source.Attributes);
        _events.AddRange(source.Events);
        _links.AddRange(source.Links);
        _nested.AddRange(source.NestedAttributes);
    }

    internal void Reset()
    {
        TraceId = default;
        SpanId = default;
        ParentSpanId = default;
        ParentIsRemote = false;
        TraceState = null;
        Name = string.Empty;
        Kind = SpanKind.Internal;
        StartUnixNano = 0;
        EndUnixNano = 0;
        StatusCode = SpanStatusCode.Unset;
        StatusDescription = null;
        DroppedAttributesCount = 0;
        DroppedEventsCount = 0;
        DroppedLinksCount = 0;
        _attributes.Clear();
        _events.Clear();
        _links.Clear();
        _nested.Clear();
    }
}
