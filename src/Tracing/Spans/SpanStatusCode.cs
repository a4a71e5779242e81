namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>OpenTelemetry's span status, numbered as OTLP's <c>Status.StatusCode</c>.</summary>
public enum SpanStatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
