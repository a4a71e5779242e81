using System.Collections.Concurrent;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Turns collected <see cref="SpanOp"/>s into span records, and ends them. Callers hold the trace's lock. A span is
/// only given a record when something receives spans (<see cref="SpanPipeline.IsRecording"/>); its id is minted
/// either way, because <c>inject=</c> hands it to HAProxy.
/// </summary>
internal sealed class SpanWriter
{
    public const string RefTypeAttribute = "opentracing.ref_type";
    public const string FollowsFromValue = "follows_from";
    public const string BaggagePrefix = "baggage.";
    public const string TimeoutEventName = "timeout";
    public const string ReasonAttribute = "reason";

    /// <summary>Bounds of <see cref="_baggageAttributes"/> (incoming baggage keys come from clients); past them a key's
    /// attribute name is built per span.</summary>
    public const int MaxBaggageAttributeNames = 256;
    public const int MaxSharedBaggageKeyLength = 64;

    private static readonly SpanAttribute[] s_followsFrom = [new(RefTypeAttribute, FollowsFromValue)];


    private readonly SpanPipeline _pipeline;
    private readonly TracingOptions _options;
    private readonly TracingMetrics _metrics;
    private readonly AttributeLimits _limits;

    // One "baggage.<key>" string per key, shared by every span that carries it.
    private readonly ConcurrentDictionary<string, string> _baggageAttributes = new(StringComparer.Ordinal);

    public SpanWriter(SpanPipeline pipeline, TracingOptions options, TracingMetrics metrics)
    {
        _pipeline = pipeline;
        _options = options;
        _metrics = metrics;
        _limits = new AttributeLimits(options, metrics);
    }

    /// <summary>Applies one op; spans it creates start at <paramref name="start"/>, events it adds happen at <paramref name="now"/>.</summary>
    public void Apply(OpenTrace trace, in SpanOp op, DateTime start, DateTime now)
    {
        var record = op.Span.Record;
        switch (op.Kind)
        {
            case SpanOpKind.Create:
                Start(trace, op.Span, start);
                break;
            case SpanOpKind.Status:
                var status = op.Status!;
                record?.SetStatus(status.Code, status.Description);
                break;
            case SpanOpKind.Rename:
                // The exported name only: the grammar keeps finding the span by the span= name it was created with.
                if (record is not null)
                {
                    record.Name = op.Value.String;
                }

                break;
            case SpanOpKind.StatusDescription:
                // OpenTelemetry keeps a description only with Error; other statuses drop it.
                if (record is { StatusCode: SpanStatusCode.Error })
                {
                    record.SetStatus(SpanStatusCode.Error, op.Value.String);
                }

                break;
            case SpanOpKind.HttpStatus:
                var code = op.Value.Int;
                SetAttribute(record, SpanStatuses.HttpStatusAttribute, code);
                if (record is not null && SpanStatuses.ForHttpStatus(code, record.Kind) is { } httpStatus)
                {
                    record.SetStatus(httpStatus);
                }

                break;
            case SpanOpKind.Tag:
                var value = op.Value;
                SetAttribute(record, op.Key!, value);
                if (op.Key == "error" && IsTrue(value))
                {
                    record?.SetStatus(SpanStatusCode.Error);
                }

                break;
            case SpanOpKind.Baggage:
                SetBaggage(op.Span, op.Key!, op.Value.String);
                break;
            case SpanOpKind.Log:
                AddEvent(record, op.Key!, new SpanAttribute(op.Key!, _limits.Cap(op.Value)), now, counted: true);
                break;
        }
    }

    /// <summary>Ends a span at <paramref name="now"/>. Reaped spans get status Error, the timeout event, and on a root
    /// <c>error=true</c> (as the seed's connection-release path did).</summary>
    public void End(OpenSpan span, DateTime now, bool reaped)
    {
        var record = span.Record;
        if (record is not null)
        {
            if (reaped)
            {
                record.SetStatus(SpanStatusCode.Error, _options.TimeoutMessage);
                AddEvent(record, TimeoutEventName, new SpanAttribute(ReasonAttribute, _options.TimeoutMessage), now, counted: false);
                if (span.Parent is null)
                {
                    record.SetAttribute("error", true);
                }
            }

            // A span never ends before it starts: "same timestamp for the message" gives a zero-length span.
            record.EndUnixNano = Math.Max(UnixTime.Nanoseconds(now), record.StartUnixNano);
            span.Record = null;
            _pipeline.End(record);
        }

        _metrics.SpanFinished(reaped);
    }

    private void Start(OpenTrace trace, OpenSpan span, DateTime now)
    {
        var parent = span.Parent;
        span.SpanId = IdGenerator.NewSpanId();
        span.Baggage = parent?.Baggage ?? trace.IncomingBaggage;
        if (_pipeline.IsRecording)
        {
            var record = _pipeline.Rent();
            record.TraceId = trace.TraceId;
            record.SpanId = span.SpanId;
            record.ParentSpanId = parent?.SpanId ?? trace.RemoteParent;
            record.ParentIsRemote = parent is null && trace.RemoteParent.IsValid;
            record.TraceState = trace.TraceState;
            record.Name = span.Name;
            record.Kind = span.Kind;
            record.StartUnixNano = UnixTime.Nanoseconds(now);
            if (span.FollowsFrom && parent is not null)
            {
                record.AddLink(trace.TraceId, parent.SpanId, trace.TraceState, s_followsFrom);
            }

            span.Record = record;
            foreach (var (key, value) in span.Baggage)
            {
                SetAttribute(record, BaggageAttribute(key), value);
            }
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
        SetAttribute(span.Record, BaggageAttribute(key), value);
    }

    private string BaggageAttribute(string key)
    {
        if (_baggageAttributes.TryGetValue(key, out var name))
        {
            return name;
        }

        name = BaggagePrefix + key;
        if (key.Length <= MaxSharedBaggageKeyLength && _baggageAttributes.Count < MaxBaggageAttributeNames)
        {
            _baggageAttributes.TryAdd(key, name);
        }

        return name;
    }

    private static bool IsTrue(in AttributeValue value) =>
        value.Type == AttributeType.Bool ? value.Bool : value.Type == AttributeType.String && value.String == "true";

    private void SetAttribute(SpanRecord? record, string key, AttributeValue value) => _limits.Set(record, key, value);

    private void AddEvent(SpanRecord? record, string name, SpanAttribute attribute, DateTime now, bool counted)
    {
        if (record is null)
        {
            return;
        }

        if (counted && record.Events.Length >= _options.MaxEventsPerSpan)
        {
            record.DroppedEventsCount++;
            _metrics.EventDropped();
            return;
        }

        record.AddEvent(name, UnixTime.Nanoseconds(now), attribute);
    }
}
