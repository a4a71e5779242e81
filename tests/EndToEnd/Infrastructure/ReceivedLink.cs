namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>A span link as received over OTLP; ids in lowercase hex.</summary>
internal sealed record ReceivedLink(string TraceId, string SpanId, string TraceState, IReadOnlyDictionary<string, object?> Attributes);
