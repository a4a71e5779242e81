namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// One span as it arrived over OTLP. Ids are lowercase hex (empty when absent); attribute values keep their OTLP type:
/// <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, <c>byte[]</c>,
/// <c>object?[]</c> (array) or <c>IReadOnlyDictionary&lt;string, object?&gt;</c> (kvlist).
/// </summary>
internal sealed record ReceivedSpan
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public string ParentSpanId { get; init; } = "";
    public string TraceState { get; init; } = "";
    public required string Name { get; init; }

    /// <summary>OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</summary>
    public int Kind { get; init; }

    public ulong StartTimeUnixNano { get; init; }
    public ulong EndTimeUnixNano { get; init; }
    public uint Flags { get; init; }
    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }
    public required IReadOnlyList<ReceivedEvent> Events { get; init; }
    public required IReadOnlyList<ReceivedLink> Links { get; init; }

    /// <summary>OTLP StatusCode: 0 unset, 1 ok, 2 error.</summary>
    public int StatusCode { get; init; }

    public string StatusMessage { get; init; } = "";
    public required IReadOnlyDictionary<string, object?> ResourceAttributes { get; init; }
    public string ScopeName { get; init; } = "";
    public string ScopeVersion { get; init; } = "";
}
