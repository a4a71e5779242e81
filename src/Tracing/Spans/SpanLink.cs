namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>A link to another span. Its attributes live in the span's <see cref="SpanRecord.NestedAttributes"/>, as an
/// event's do: read them with <see cref="SpanRecord.AttributesOf(in SpanLink)"/>.</summary>
public readonly record struct SpanLink(TraceId TraceId, SpanId SpanId, string? TraceState, int AttributeStart, int AttributeCount);
