using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>How a sampled trace begins: its id, the remote parent span (default when the trace began here) with its
/// tracestate, and incoming baggage.</summary>
internal readonly record struct TraceOrigin(TraceId TraceId, SpanId RemoteParent, string? TraceState, KeyValuePair<string, string>[] Baggage);
