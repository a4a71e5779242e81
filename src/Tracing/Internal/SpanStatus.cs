using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>A span status as <c>status=</c> gives it.</summary>
internal sealed record SpanStatus(SpanStatusCode Code, string? Description);
