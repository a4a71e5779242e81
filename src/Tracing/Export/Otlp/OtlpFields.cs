namespace SpoaOpenTracing.Tracing.Export.Otlp;

/// <summary>
/// Field numbers of the OTLP messages we write, from opentelemetry-proto's
/// <c>collector/trace/v1/trace_service.proto</c>, <c>trace/v1/trace.proto</c>, <c>common/v1/common.proto</c> and
/// <c>resource/v1/resource.proto</c>.
/// </summary>
internal static class OtlpFields
{
    public const int RequestResourceSpans = 1;

    public const int ResourceSpansResource = 1;
    public const int ResourceSpansScopeSpans = 2;
    public const int ResourceSpansSchemaUrl = 3;

    public const int ResourceAttributes = 1;

    public const int ScopeSpansScope = 1;
    public const int ScopeSpansSpans = 2;

    public const int ScopeName = 1;
    public const int ScopeVersion = 2;

    public const int SpanTraceId = 1;
    public const int SpanSpanId = 2;
    public const int SpanTraceState = 3;
    public const int SpanParentSpanId = 4;
    public const int SpanName = 5;
    public const int SpanKind = 6;
    public const int SpanStartTime = 7;
    public const int SpanEndTime = 8;
    public const int SpanAttributes = 9;
    public const int SpanDroppedAttributes = 10;
    public const int SpanEvents = 11;
    public const int SpanDroppedEvents = 12;
    public const int SpanLinks = 13;
    public const int SpanDroppedLinks = 14;
    public const int SpanStatus = 15;
    public const int SpanFlags = 16;

    public const int EventTime = 1;
    public const int EventName = 2;
    public const int EventAttributes = 3;

    public const int LinkTraceId = 1;
    public const int LinkSpanId = 2;
    public const int LinkTraceState = 3;
    public const int LinkAttributes = 4;
    public const int LinkFlags = 6;

    public const int StatusMessage = 2;
    public const int StatusCode = 3;

    public const int KeyValueKey = 1;
    public const int KeyValueValue = 2;

    public const int AnyValueString = 1;
    public const int AnyValueBool = 2;
    public const int AnyValueInt = 3;
    public const int AnyValueDouble = 4;

    /// <summary><c>SpanFlags</c>: the W3C trace flags in bits 0-7, then "whether the parent (or the linked span) is
    /// remote is known" and "it is remote".</summary>
    public const uint FlagSampled = 0x01;
    public const uint FlagHasIsRemote = 0x100;
    public const uint FlagIsRemote = 0x200;
}
