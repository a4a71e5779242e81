namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>The arguments of the one-exchange request message, each the source of one <see cref="RequestRecord"/>
/// field (<see cref="RequestArgumentNames"/> gives their names).</summary>
internal enum RequestField
{
    /// <summary>A name the message does not define: an extra SERVER attribute if it contains a dot, else refused.</summary>
    Unknown,
    TraceId,
    ParentSpanId,
    ServerSpanId,
    ClientSpanId,
    TraceState,
    TsStart,
    TsBackend,
    TsResponse,
    TsEnd,
    Method,
    Path,
    Query,
    Scheme,
    Host,
    HttpVersion,
    UserAgent,
    ClientAddress,
    ClientPort,
    FrontendPort,
    Status,
    Frontend,
    Backend,
    Server,
    ServerAddress,
    ServerPort,
    Retries,
}
