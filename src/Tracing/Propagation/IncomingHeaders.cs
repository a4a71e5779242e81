namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>The context headers one message carried, as views over its arguments (valid during the handler call).
/// An empty value counts as absent: HAProxy sends an empty string or NULL for a header the request lacks.</summary>
internal ref struct IncomingHeaders
{
    public ReadOnlySpan<byte> TraceParent;
    public ReadOnlySpan<byte> TraceState;
    public ReadOnlySpan<byte> Baggage;
    public ReadOnlySpan<byte> B3;
    public ReadOnlySpan<byte> B3TraceId;
    public ReadOnlySpan<byte> B3SpanId;
    public ReadOnlySpan<byte> B3Sampled;
    public ReadOnlySpan<byte> B3Flags;
    public ReadOnlySpan<byte> UberTraceId;
}
