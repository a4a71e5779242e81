namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>Why <see cref="TraceLineParser"/> turned a line down; each is counted separately (the metrics label is the
/// snake_case name).</summary>
internal enum TraceLineError
{
    /// <summary>The line parsed.</summary>
    None,

    /// <summary>No <c>otel-trace/</c> token first: another of HAProxy's log lines (an alert, another proxy's access log).</summary>
    NotATraceLine,

    /// <summary><c>otel-trace/&lt;n&gt;</c> of a version this agent does not read.</summary>
    UnknownVersion,

    /// <summary>The line stops before its closing <c>end;</c>: cut by HAProxy's <c>len</c>, a ring's <c>maxlen</c>, or the transport.</summary>
    Truncated,

    /// <summary>Not a sequence of <c>key=value</c> pairs: a bad key, a value not followed by a space, a key twice, text after <c>end;</c>.</summary>
    Malformed,

    /// <summary>A quoted value that is not a JSON string: a bad escape, a raw control character.</summary>
    BadQuoting,

    /// <summary>A required key (<c>trace_id</c>, <c>server_span_id</c>, <c>start_us</c>, <c>end_us</c>) is not there.</summary>
    MissingKey,

    /// <summary><c>trace_id=-</c>: HAProxy logged the request before its rules ran (a bad request, a client timeout).</summary>
    NoContext,

    /// <summary>An id that is not lower-case hex of the right length, or all zeros.</summary>
    BadId,

    /// <summary>A number that is not a decimal integer in range.</summary>
    BadNumber,

    /// <summary><c>sampled=0</c>: a line of a request HAProxy did not sample (e.g. sent to an access log target the agent also reads).</summary>
    Unsampled,
}
