using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>One change a message makes to a trace, collected first and applied once the message is known to be good.
/// <paramref name="Value"/> is the tag or log value, the baggage value, the new name, the status description or the
/// HTTP status; <paramref name="Status"/> is set for <see cref="SpanOpKind.Status"/> only.</summary>
internal readonly record struct SpanOp(SpanOpKind Kind, OpenSpan Span, string? Key, AttributeValue Value, SpanStatus? Status = null);
