using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// The attribute limits of <see cref="TracingOptions"/> (<c>OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT</c>,
/// <c>OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT</c>), applied the same way to every span whoever builds it; what they refuse
/// is counted.
/// </summary>
internal sealed class AttributeLimits
{
    private readonly int _countLimit;
    private readonly int? _lengthLimit;
    private readonly TracingMetrics _metrics;

    public AttributeLimits(TracingOptions options, TracingMetrics metrics)
    {
        _countLimit = options.MaxAttributesPerSpan;
        _lengthLimit = options.AttributeValueLengthLimit;
        _metrics = metrics;
    }

    public void Set(SpanRecord? record, string key, AttributeValue value)
    {
        if (record is not null && !record.SetAttribute(key, Cap(value), _countLimit))
        {
            _metrics.AttributeDropped();
        }
    }

    /// <summary><see cref="Set"/> for a key the record does not have yet (the caller knows).</summary>
    public void Add(SpanRecord record, string key, AttributeValue value)
    {
        if (!record.AddAttribute(key, Cap(value), _countLimit))
        {
            _metrics.AttributeDropped();
        }
    }

    /// <summary>A string value cut to the length limit; other types as they are.</summary>
    public AttributeValue Cap(AttributeValue value) =>
        value.Type == AttributeType.String && _lengthLimit is { } limit && value.String.Length > limit
            ? value.String[..limit]
            : value;
}
