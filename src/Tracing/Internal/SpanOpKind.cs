namespace SpoaOpenTracing.Tracing.Internal;

internal enum SpanOpKind : byte
{
    Create,
    Tag,
    Baggage,
    Log,
    Status,
    StatusDescription,
    HttpStatus,
    Rename,
}
