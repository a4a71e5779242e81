namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>A span event. Its attributes live in the span's <see cref="SpanRecord.NestedAttributes"/> at
/// <see cref="AttributeStart"/> (so a pooled span reuses one list for all of them): read them with
/// <see cref="SpanRecord.AttributesOf(in SpanEvent)"/>.</summary>
public readonly record struct SpanEvent(string Name, long TimeUnixNano, int AttributeStart, int AttributeCount);
