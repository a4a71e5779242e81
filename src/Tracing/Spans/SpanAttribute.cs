namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>One key/value attribute of a span, event or link.</summary>
public readonly record struct SpanAttribute(string Key, AttributeValue Value);
