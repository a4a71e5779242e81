namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>A span event as received over OTLP (attribute values typed as in <see cref="ReceivedSpan"/>).</summary>
internal sealed record ReceivedEvent(string Name, ulong TimeUnixNano, IReadOnlyDictionary<string, object?> Attributes);
