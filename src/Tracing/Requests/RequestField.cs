namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// The fields of a finished request as HAProxy hands them over, each the source of one <see cref="RequestRecord"/>
/// field, in the order examples/haproxy-logs.cfg writes them (docs/trace-line.md). Each input names them its own way:
/// <see cref="TraceLineFormat.KeyNames"/> for a trace line (indexed by this enum), <see cref="RequestArgumentNames"/>
/// for the one-exchange message, which carries what HAProxy knows at response time (no sampled flag, termination
/// state, timers or byte counts: those are the log's).
/// </summary>
internal enum RequestField
{
    TraceId,
    ParentSpanId,
    ServerSpanId,
    ClientSpanId,
    Sampled,
    TraceState,
    TsStart,
    TsBackend,
    TsResponse,
    TsEnd,
    Method,
    Scheme,
    HttpVersion,
    Host,
    Path,
    Query,
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
    Termination,
    Retries,
    RequestMs,
    QueueMs,
    ConnectMs,
    ResponseMs,
    ActiveMs,
    BytesIn,
    BytesOut,

    /// <summary>A name the input does not define (after every named field, outside the trace line's name table).</summary>
    Unknown,
}
