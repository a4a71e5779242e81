using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>An ended span as the tests read it: a copy of the engine's pooled record, with times as
/// <see cref="DateTime"/> and attributes as plain objects (string, bool, long, double) for terse assertions.</summary>
public sealed class ExportedSpan
{
    public ExportedSpan(SpanRecord record)
    {
        Record = record.Clone();
    }

    public SpanRecord Record { get; }

    public string DisplayName => Record.Name;

    public SpanKind Kind => Record.Kind;

    public SpanStatusCode Status => Record.StatusCode;

    public string? StatusDescription => Record.StatusDescription;

    public TraceId TraceId => Record.TraceId;

    public SpanId SpanId => Record.SpanId;

    public SpanId ParentSpanId => Record.ParentSpanId;

    public bool HasRemoteParent => Record.ParentIsRemote;

    public string? TraceStateString => Record.TraceState;

    public DateTime StartTimeUtc => UnixTime.ToDateTime(Record.StartUnixNano);

    public TimeSpan Duration => TimeSpan.FromTicks((Record.EndUnixNano - Record.StartUnixNano) / 100);

    public IReadOnlyList<KeyValuePair<string, object>> TagObjects => Tags(Record.Attributes);

    public IReadOnlyList<Event> Events => Record.Events.ToArray().Select(e => new Event(e.Name, UnixTime.ToDateTime(e.TimeUnixNano), Tags(Record.AttributesOf(e)))).ToList();

    public IReadOnlyList<Link> Links => Record.Links.ToArray().Select(l => new Link(l.TraceId, l.SpanId, Tags(Record.AttributesOf(l)))).ToList();

    public object? GetTagItem(string key) => Record.TryGetAttribute(key, out var value) ? value.ToObject() : null;

    public override string ToString() => DisplayName;

    private static List<KeyValuePair<string, object>> Tags(ReadOnlySpan<SpanAttribute> attributes)
    {
        var tags = new List<KeyValuePair<string, object>>(attributes.Length);
        foreach (var attribute in attributes)
        {
            tags.Add(new(attribute.Key, attribute.Value.ToObject()));
        }

        return tags;
    }

    public sealed record Event(string Name, DateTime Timestamp, IReadOnlyList<KeyValuePair<string, object>> Tags);

    public sealed record Link(TraceId TraceId, SpanId SpanId, IReadOnlyList<KeyValuePair<string, object>> Tags);
}
