namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>One span of a Zipkin v2 JSON upload; times in microseconds, tags are strings as in the Zipkin model.</summary>
internal sealed record ZipkinSpan
{
    public required string TraceId { get; init; }
    public required string Id { get; init; }
    public string? ParentId { get; init; }
    public string? Name { get; init; }

    /// <summary><c>CLIENT</c>, <c>SERVER</c>, <c>PRODUCER</c>, <c>CONSUMER</c>, or null (local span).</summary>
    public string? Kind { get; init; }

    public long Timestamp { get; init; }
    public long Duration { get; init; }
    public string? LocalServiceName { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
    public required IReadOnlyList<ZipkinAnnotation> Annotations { get; init; }
}
