namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>The context formats read from message arguments and written into set-var actions, as named in
/// <c>OTEL_PROPAGATORS</c>.</summary>
[Flags]
public enum Propagators
{
    None = 0,

    /// <summary>W3C Trace Context: <c>traceparent</c> and <c>tracestate</c>.</summary>
    TraceContext = 1,

    /// <summary>W3C Baggage: the <c>baggage</c> header.</summary>
    Baggage = 2,

    /// <summary>B3 single header <c>b3</c>.</summary>
    B3 = 4,

    /// <summary>B3 multiple headers <c>X-B3-TraceId</c>, <c>X-B3-SpanId</c>, <c>X-B3-Sampled</c>, <c>X-B3-Flags</c>.</summary>
    B3Multi = 8,

    /// <summary>Jaeger <c>uber-trace-id</c>.</summary>
    Jaeger = 16,
}
