namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>One change a message makes to a trace, collected first and applied once the message is known to be good.</summary>
internal readonly record struct SpanOp(SpanOpKind Kind, OpenSpan Span, string? Key, object? Value);
