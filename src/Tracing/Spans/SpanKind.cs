namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>OpenTelemetry's span kinds, numbered as OTLP's <c>Span.SpanKind</c> (0 is "unspecified", never written).</summary>
public enum SpanKind
{
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
