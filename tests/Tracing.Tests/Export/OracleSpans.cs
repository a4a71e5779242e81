using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed record OracleEvent(string Name, double AtMs, SpanAttribute[] Attributes);

/// <summary>A span to build on both sides of an oracle test. <see cref="Parent"/> is the index of an earlier span,
/// <see cref="NoParent"/> or <see cref="RemoteParent"/>; links name earlier spans by index.</summary>
public sealed record OracleSpan(string Name, SpanKind Kind, int Parent, double StartMs, double DurationMs)
{
    public const int NoParent = -1;
    public const int RemoteParent = -2;

    public SpanAttribute[] Attributes { get; init; } = [];

    public OracleEvent[] Events { get; init; } = [];

    public (int Target, SpanAttribute[] Attributes)[] Links { get; init; } = [];

    public SpanStatusCode Status { get; init; }

    public string? StatusDescription { get; init; }
}

/// <summary>Spans that exercise every field and rule the exporters map: every attribute type, status by field and by
/// attribute, each remote endpoint source, events with and without attributes, links, a remote parent.</summary>
public static class OracleSpans
{
    public static readonly OracleSpan[] All =
    [
        new("HAProxy session", SpanKind.Server, OracleSpan.NoParent, 0, 10.8244)
        {
            Attributes =
            [
                new("http.method", "GET"), new("sampled", true), new("off", false), new("count", 42L), new("negative", -7L),
                new("tenth", 0.1), new("big", 1e20), new("third", 1.0 / 3), new("half", 2.5), new("error", true),
                new("text", "h\u00e9llo \u2603 \"quoted\" <tag> & 'apostrophe'"),
            ],
            Events =
            [
                new("plain", 1.5, []),
                new("log", 2.25, [new("log", "a value"), new("n", 3L), new("ok", true), new("ratio", 0.5)]),
            ],
            Status = SpanStatusCode.Error,
            StatusDescription = "boom",
        },
        new("Client by peer.service", SpanKind.Client, 0, 1, 2)
        {
            Attributes = [new("peer.service", "backend"), new("network.peer.address", "10.0.0.9")],
        },
        new("Client by address and port", SpanKind.Client, 0, 1.1, 2)
        {
            Attributes = [new("network.peer.address", "10.0.0.1"), new("network.peer.port", "8080")],
        },
        new("Producer by server.address", SpanKind.Producer, 0, 1.2, 0.5)
        {
            Attributes = [new("server.address", "queue"), new("server.port", 5672L)],
            Status = SpanStatusCode.Ok,
        },
        new("Client with a numeric port", SpanKind.Client, 0, 1.3, 0.25)
        {
            Attributes = [new("network.peer.address", "10.0.0.2"), new("network.peer.port", 8080L)],
        },
        new("Client by http.host", SpanKind.Client, 0, 1.4, 0.25) { Attributes = [new("http.host", "example.test")] },
        new("Server with a remote-looking attribute", SpanKind.Server, 0, 1.5, 0.25) { Attributes = [new("peer.service", "ignored")] },
        new("Consumer with links", SpanKind.Consumer, 0, 2, 1)
        {
            Links = [(1, [new("opentracing.ref_type", "follows_from")]), (2, [])],
        },
        new("Status by attribute", SpanKind.Internal, 0, 3, 1)
        {
            Attributes = [new("otel.status_code", "ERROR"), new("otel.status_description", "by tag")],
        },
        new("Ok with a description", SpanKind.Internal, 0, 3.5, 1) { Status = SpanStatusCode.Ok, StatusDescription = "dropped" },
        new("Bare internal", SpanKind.Internal, 0, 4, 0),
        new("Remote parent", SpanKind.Server, OracleSpan.RemoteParent, 5, 3.333),
    ];
}
