using System.Collections.Concurrent;
using System.Diagnostics;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Turns collected <see cref="SpanOp"/>s into OpenTelemetry spans, and ends them. Callers hold the trace's lock and
/// save/restore <see cref="Activity.Current"/> around the calls: Start and Stop move it, and these calls run on
/// socket loops whose ambient activity is not ours.
/// </summary>
internal sealed class SpanWriter
{
    public const string RefTypeAttribute = "opentracing.ref_type";
    public const string FollowsFromValue = "follows_from";
    public const string BaggagePrefix = "baggage.";
    public const string TimeoutEventName = "timeout";
    public const string ReasonAttribute = "reason";

    /// <summary>Bounds of <see cref="s_baggageAttributes"/> (incoming baggage keys come from clients); past them a key's
    /// attribute name is built per span.</summary>
    public const int MaxBaggageAttributeNames = 256;
    public const int MaxSharedBaggageKeyLength = 64;

    // Every span holds what it points to until it is exported, so what repeats is shared rather than copied per span:
    // one tag collection for all follows-from links (exporters only read link tags) and one "baggage.<key>" string
    // per key (bench/Micro: SeedRequest allocations, BENCHMARKS.md).
    private static readonly ActivityTagsCollection s_followsFromTags = new() { { RefTypeAttribute, FollowsFromValue } };
    private static readonly ConcurrentDictionary<string, string> s_baggageAttributes = new(StringComparer.Ordinal);

    private readonly ActivitySource _source;
    private readonly TracingOptions _options;
    private readonly TracingMetrics _metrics;

    public SpanWriter(ActivitySource source, TracingOptions options, TracingMetrics metrics)
    {
        _source = source;
        _options = options;
        _metrics = metrics;
    }

    /// <summary>Applies one op; spans it creates start at <paramref name="start"/>, events it adds happen at <paramref name="now"/>.</summary>
    public void Apply(OpenTrace trace, in SpanOp op, DateTime start, DateTime now)
    {
        switch (op.Kind)
        {
            case SpanOpKind.Create:
                Start(trace, op.Span, start);
                break;
            case SpanOpKind.Status:
                var status = (SpanStatus)op.Value!;
                op.Span.Activity?.SetStatus(status.Code, status.Description);
                break;
            case SpanOpKind.Rename:
                // The exported name only: the grammar keeps finding the span by the span= name it was created with.
                if (op.Span.Activity is { } renamed)
                {
                    renamed.DisplayName = (string)op.Value!;
                }

                break;
            case SpanOpKind.StatusDescription:
                // OpenTelemetry keeps a description only with Error; other statuses drop it.
                if (op.Span.Activity is { Status: ActivityStatusCode.Error } failed)
                {
                    failed.SetStatus(ActivityStatusCode.Error, (string)op.Value!);
                }

                break;
            case SpanOpKind.HttpStatus:
                var code = (long)op.Value!;
                SetAttribute(op.Span, SpanStatuses.HttpStatusAttribute, code);
                if (op.Span.Activity is { } activity && SpanStatuses.ForHttpStatus(code, activity.Kind) is { } httpStatus)
                {
                    activity.SetStatus(httpStatus);
                }

                break;
            case SpanOpKind.Tag:
                SetAttribute(op.Span, op.Key!, op.Value);
                if (op.Key == "error" && op.Value is true or "true")
                {
                    op.Span.Activity?.SetStatus(ActivityStatusCode.Error);
                }

                break;
            case SpanOpKind.Baggage:
                SetBaggage(op.Span, op.Key!, (string)op.Value!);
                break;
            case SpanOpKind.Log:
                AddEvent(op.Span, op.Key!, new ActivityTagsCollection { { op.Key!, Cap(op.Value) } }, now);
                break;
        }
    }

    /// <summary>Ends a span at <paramref name="now"/>. Reaped spans get status Error, the timeout event, and on a root
    /// <c>error=true</c> (as the seed's connection-release path did).</summary>
    public void End(OpenSpan span, DateTime now, bool reaped)
    {
        var activity = span.Activity;
        if (activity is not null)
        {
            if (reaped)
            {
                activity.SetStatus(ActivityStatusCode.Error, _options.TimeoutMessage);
                AddEvent(span, TimeoutEventName, new ActivityTagsCollection { { ReasonAttribute, _options.TimeoutMessage } }, now, counted: false);
                if (span.Parent is null)
                {
                    activity.SetTag("error", true);
                }
            }

            // A zero duration would make Stop() take the clock again; one tick keeps "same timestamp for the message".
            activity.SetEndTime(now > activity.StartTimeUtc ? now : activity.StartTimeUtc.AddTicks(1));
            activity.Stop();
        }

        _metrics.SpanFinished(reaped);
    }

    private void Start(OpenTrace trace, OpenSpan span, DateTime now)
    {
        var parent = span.Parent;
        var parentContext = parent?.Activity?.Context
            ?? (trace.RemoteParent.TraceId == default ? new ActivityContext(trace.TraceId, default, ActivityTraceFlags.Recorded) : trace.RemoteParent);
        var activity = _source.CreateActivity(span.Name, span.Kind, parentContext);
        span.Activity = activity;
        span.Baggage = parent?.Baggage ?? trace.IncomingBaggage;
        if (activity is not null)
        {
            // Added after creation rather than passed to CreateActivity: 120 B less per follows-from span (the sampler,
            // which would see creation links, is AlwaysOn; bench/Micro SeedRequest).
            if (span.FollowsFrom && parent?.Activity is { } parentActivity)
            {
                activity.AddLink(new ActivityLink(parentActivity.Context, s_followsFromTags));
            }

            activity.SetStartTime(now);
            foreach (var (key, value) in span.Baggage)
            {
                SetAttribute(span, BaggageAttribute(key), value);
            }

            activity.Start();
        }

        _metrics.SpanStarted();
    }

    private void SetBaggage(OpenSpan span, string key, string value)
    {
        var baggage = span.Baggage;
        var index = Array.FindIndex(baggage, b => b.Key == key);
        var updated = index >= 0 ? (KeyValuePair<string, string>[])baggage.Clone() : new KeyValuePair<string, string>[baggage.Length + 1];
        if (index < 0)
        {
            baggage.CopyTo(updated, 0);
            index = baggage.Length;
        }

        updated[index] = new(key, value);
        span.Baggage = updated;
        SetAttribute(span, BaggageAttribute(key), value);
    }

    private static string BaggageAttribute(string key)
    {
        if (s_baggageAttributes.TryGetValue(key, out var name))
        {
            return name;
        }

        name = BaggagePrefix + key;
        if (key.Length <= MaxSharedBaggageKeyLength && s_baggageAttributes.Count < MaxBaggageAttributeNames)
        {
            s_baggageAttributes.TryAdd(key, name);
        }

        return name;
    }

    private void SetAttribute(OpenSpan span, string key, object? value)
    {
        var activity = span.Activity;
        if (activity is null)
        {
            return;
        }

        // Replacing an attribute the span has does not add one, so only new keys count against the cap.
        if (activity.GetTagItem(key) is null)
        {
            if (span.AttributeCount >= _options.MaxAttributesPerSpan)
            {
                _metrics.AttributeDropped();
                return;
            }

            span.AttributeCount++;
        }

        activity.SetTag(key, Cap(value));
    }

    /// <summary>A string value cut to <see cref="TracingOptions.AttributeValueLengthLimit"/>; other types as they are.</summary>
    private object? Cap(object? value) =>
        value is string text && _options.AttributeValueLengthLimit is { } limit && text.Length > limit ? text[..limit] : value;

    private void AddEvent(OpenSpan span, string name, ActivityTagsCollection tags, DateTime now, bool counted = true)
    {
        var activity = span.Activity;
        if (activity is null)
        {
            return;
        }

        if (counted)
        {
            if (span.EventCount >= _options.MaxEventsPerSpan)
            {
                _metrics.EventDropped();
                return;
            }

            span.EventCount++;
        }

        activity.AddEvent(new ActivityEvent(name, now, tags));
    }
}
