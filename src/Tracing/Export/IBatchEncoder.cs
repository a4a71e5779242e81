using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>One wire format (OTLP protobuf, Zipkin JSON): a batch of span records into a request body.</summary>
internal interface IBatchEncoder
{
    /// <summary>The body for <paramref name="batch"/>, in a buffer the encoder owns and reuses: valid until the next call.</summary>
    ReadOnlyMemory<byte> Encode(ReadOnlySpan<SpanRecord> batch);
}
