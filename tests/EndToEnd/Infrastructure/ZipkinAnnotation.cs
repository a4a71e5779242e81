namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>A Zipkin annotation: a timestamped string (microseconds since the epoch).</summary>
internal sealed record ZipkinAnnotation(long Timestamp, string Value);
