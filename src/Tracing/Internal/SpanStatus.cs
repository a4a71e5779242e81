using System.Diagnostics;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>A span status as <c>status=</c> gives it.</summary>
internal sealed record SpanStatus(ActivityStatusCode Code, string? Description);
