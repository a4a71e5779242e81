using System.Diagnostics;
using SpoaOpenTracing.Tracing.Spans;
using SpanKind = SpoaOpenTracing.Tracing.Spans.SpanKind;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>What one span is made of, built twice: as our <see cref="SpanRecord"/> and as the SDK's
/// <see cref="Activity"/>, with the same ids (the Activity's span id is copied into the record), times, attributes,
/// events, links and status.</summary>
internal sealed record SpanSpec(string Name, SpanKind Kind, TraceId TraceId, SpanId Parent = default, bool ParentIsRemote = false, string? TraceState = null)
{
    public DateTime Start { get; init; } = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    public TimeSpan Duration { get; init; } = TimeSpan.FromTicks(12_345_678);

    public SpanAttribute[] Attributes { get; init; } = [];

    public (string Name, TimeSpan Offset, SpanAttribute[] Attributes)[] Events { get; init; } = [];

    public (TraceId TraceId, SpanId SpanId, string? TraceState, SpanAttribute[] Attributes)[] Links { get; init; } = [];

    public SpanStatusCode Status { get; init; }

    public string? StatusDescription { get; init; }

    public (SpanRecord Ours, Activity Theirs) Build(ActivitySource source)
    {
        var parent = new ActivityContext(ToActivity(TraceId), Parent.IsValid ? ToActivity(Parent) : default, ActivityTraceFlags.Recorded, TraceState,
            ParentIsRemote);
        var links = Links.Select(l => new ActivityLink(new ActivityContext(ToActivity(l.TraceId), ToActivity(l.SpanId), ActivityTraceFlags.Recorded, l.TraceState),
            Tags(l.Attributes)));
        var activity = source.CreateActivity(Name, (ActivityKind)((int)Kind - 1), parent, null, links)
            ?? throw new InvalidOperationException("the provider does not listen to " + source.Name);
        activity.SetStartTime(Start);
        activity.Start();
        foreach (var attribute in Attributes)
        {
            activity.SetTag(attribute.Key, attribute.Value.ToObject());
        }

        foreach (var (name, offset, attributes) in Events)
        {
            activity.AddEvent(new ActivityEvent(name, new DateTimeOffset(Start + offset), Tags(attributes)));
        }

        if (Status != SpanStatusCode.Unset)
        {
            activity.SetStatus(Status == SpanStatusCode.Ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error, StatusDescription);
        }

        activity.SetEndTime(Start + Duration);
        activity.Stop();

        var record = new SpanRecord
        {
            TraceId = TraceId,
            SpanId = FromActivity(activity.SpanId),
            ParentSpanId = Parent,
            ParentIsRemote = ParentIsRemote,
            TraceState = TraceState,
            Name = Name,
            Kind = Kind,
            StartUnixNano = UnixTime.Nanoseconds(Start),
            EndUnixNano = UnixTime.Nanoseconds(Start + Duration),
        };
        foreach (var attribute in Attributes)
        {
            record.SetAttribute(attribute.Key, attribute.Value);
        }

        foreach (var (name, offset, attributes) in Events)
        {
            record.AddEvent(name, UnixTime.Nanoseconds(Start + offset), attributes);
        }

        foreach (var (traceId, spanId, traceState, attributes) in Links)
        {
            record.AddLink(traceId, spanId, traceState, attributes);
        }

        record.SetStatus(Status, StatusDescription);
        return (record, activity);
    }

    public static ActivityTraceId ToActivity(TraceId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.WriteBytes(bytes);
        return ActivityTraceId.CreateFromBytes(bytes);
    }

    public static ActivitySpanId ToActivity(SpanId id)
    {
        Span<byte> bytes = stackalloc byte[8];
        id.WriteBytes(bytes);
        return ActivitySpanId.CreateFromBytes(bytes);
    }

    private static SpanId FromActivity(ActivitySpanId id)
    {
        Span<byte> bytes = stackalloc byte[8];
        id.CopyTo(bytes);
        return new SpanId(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    private static ActivityTagsCollection Tags(SpanAttribute[] attributes) =>
        new(attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value.ToObject())));
}
