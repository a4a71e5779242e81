namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>The attribute value types we produce: OTLP's scalar <c>AnyValue</c> cases.</summary>
public enum AttributeType : byte
{
    String,
    Bool,
    Int,
    Double,
}
