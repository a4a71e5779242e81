using System.Text;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export.Otlp;

/// <summary>
/// Writes an OTLP <c>ExportTraceServiceRequest</c> (one ResourceSpans, one ScopeSpans) for a batch of span records
/// into a buffer it owns and reuses, so a warm encoder allocates nothing per batch. Fields are written in the order
/// and with the presence OpenTelemetry .NET's exporter uses (checked field by field by the oracle tests).
/// </summary>
internal sealed class OtlpTraceEncoder : IBatchEncoder
{
    /// <summary>
    /// The semantic conventions our resource attributes follow (<c>service.*</c>, <c>host.name</c>,
    /// <c>telemetry.sdk.*</c>): the SDK 1.20.1 sent this URL for the resource the agent built
    /// (<c>ExporterFactory.CreateResource</c>, seen by the oracle tests), so collectors keep seeing the same one.
    /// </summary>
    public const string ResourceSchemaUrl = "https://opentelemetry.io/schemas/1.44.0";

    private const int TraceIdLength = 16;
    private const int SpanIdLength = 8;

    private readonly ProtobufWriter _writer;
    private readonly ExportResource _resource;

    public OtlpTraceEncoder(ExportResource resource, int initialCapacity = 64 * 1024)
    {
        _resource = resource;
        _writer = new ProtobufWriter(initialCapacity);
    }

    /// <summary>Bytes the buffer holds now: it grows to the largest request encoded and stays there.</summary>
    public int Capacity => _writer.Capacity;

    /// <summary>
    /// The request for <paramref name="spans"/>, valid until the next call.
    /// </summary>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<SpanRecord> spans)
    {
        var w = _writer;
        var resource = _resource;
        w.Reset();
        var resourceSpans = w.BeginMessage(OtlpFields.RequestResourceSpans);
        WriteResource(w, resource);
        var scopeSpans = w.BeginMessage(OtlpFields.ResourceSpansScopeSpans);
        WriteScope(w, resource);
        foreach (var span in spans)
        {
            WriteSpan(w, span);
        }

        w.EndMessage(scopeSpans);
        w.WriteStringField(OtlpFields.ResourceSpansSchemaUrl, ResourceSchemaUrl);
        w.EndMessage(resourceSpans);
        return w.Written;
    }

    private static void WriteResource(ProtobufWriter w, ExportResource resource)
    {
        var message = w.BeginMessage(OtlpFields.ResourceSpansResource);
        var attributes = resource.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            WriteAttribute(w, OtlpFields.ResourceAttributes, attributes[i]);
        }

        w.EndMessage(message);
    }

    private static void WriteScope(ProtobufWriter w, ExportResource resource)
    {
        var scope = w.BeginMessage(OtlpFields.ScopeSpansScope);
        w.WriteStringField(OtlpFields.ScopeName, resource.ScopeName);
        w.WriteStringField(OtlpFields.ScopeVersion, resource.ScopeVersion);
        w.EndMessage(scope);
    }

    private static void WriteSpan(ProtobufWriter w, SpanRecord span)
    {
        var message = w.BeginMessage(OtlpFields.ScopeSpansSpans);
        span.TraceId.WriteBytes(w.WriteBytesField(OtlpFields.SpanTraceId, TraceIdLength));
        span.SpanId.WriteBytes(w.WriteBytesField(OtlpFields.SpanSpanId, SpanIdLength));
        w.WriteStringField(OtlpFields.SpanTraceState, span.TraceState);
        if (span.ParentSpanId.IsValid)
        {
            span.ParentSpanId.WriteBytes(w.WriteBytesField(OtlpFields.SpanParentSpanId, SpanIdLength));
        }

        // Only sampled spans are exported; whether the parent is remote is always known to us.
        w.WriteTag(OtlpFields.SpanFlags, WireType.Fixed32);
        w.WriteFixed32(OtlpFields.FlagSampled | OtlpFields.FlagHasIsRemote | (span.ParentIsRemote ? OtlpFields.FlagIsRemote : 0));
        w.WriteStringField(OtlpFields.SpanName, span.Name);
        w.WriteVarintField(OtlpFields.SpanKind, (ulong)span.Kind);
        w.WriteFixed64Field(OtlpFields.SpanStartTime, (ulong)span.StartUnixNano);
        w.WriteFixed64Field(OtlpFields.SpanEndTime, (ulong)span.EndUnixNano);
        foreach (var attribute in span.Attributes)
        {
            WriteAttribute(w, OtlpFields.SpanAttributes, attribute);
        }

        w.WriteVarintField(OtlpFields.SpanDroppedAttributes, (uint)span.DroppedAttributesCount);
        foreach (ref readonly var spanEvent in span.Events)
        {
            WriteEvent(w, span, spanEvent);
        }

        w.WriteVarintField(OtlpFields.SpanDroppedEvents, (uint)span.DroppedEventsCount);
        foreach (ref readonly var link in span.Links)
        {
            WriteLink(w, span, link);
        }

        w.WriteVarintField(OtlpFields.SpanDroppedLinks, (uint)span.DroppedLinksCount);
        WriteStatus(w, span);
        w.EndMessage(message);
    }

    private static void WriteEvent(ProtobufWriter w, SpanRecord span, in SpanEvent spanEvent)
    {
        var message = w.BeginMessage(OtlpFields.SpanEvents);
        w.WriteStringField(OtlpFields.EventName, spanEvent.Name);
        w.WriteFixed64Field(OtlpFields.EventTime, (ulong)spanEvent.TimeUnixNano);
        foreach (var attribute in span.AttributesOf(spanEvent))
        {
            WriteAttribute(w, OtlpFields.EventAttributes, attribute);
        }

        w.EndMessage(message);
    }

    private static void WriteLink(ProtobufWriter w, SpanRecord span, in SpanLink link)
    {
        var message = w.BeginMessage(OtlpFields.SpanLinks);
        link.TraceId.WriteBytes(w.WriteBytesField(OtlpFields.LinkTraceId, TraceIdLength));
        link.SpanId.WriteBytes(w.WriteBytesField(OtlpFields.LinkSpanId, SpanIdLength));
        w.WriteStringField(OtlpFields.LinkTraceState, link.TraceState);
        foreach (var attribute in span.AttributesOf(link))
        {
            WriteAttribute(w, OtlpFields.LinkAttributes, attribute);
        }

        // Our links point at sampled spans of this process (a follows-from reference to the parent).
        w.WriteTag(OtlpFields.LinkFlags, WireType.Fixed32);
        w.WriteFixed32(OtlpFields.FlagSampled | OtlpFields.FlagHasIsRemote);
        w.EndMessage(message);
    }

    private static void WriteStatus(ProtobufWriter w, SpanRecord span)
    {
        if (span.StatusCode == SpanStatusCode.Unset)
        {
            return;
        }

        var status = w.BeginMessage(OtlpFields.SpanStatus);
        w.WriteStringField(OtlpFields.StatusMessage, span.StatusDescription);
        w.WriteVarintField(OtlpFields.StatusCode, (ulong)span.StatusCode);
        w.EndMessage(status);
    }

    /// <summary>A KeyValue whose AnyValue always carries its value, even 0 or "" (a oneof's case is its presence).</summary>
    private static void WriteAttribute(ProtobufWriter w, int field, in SpanAttribute attribute)
    {
        var value = attribute.Value;
        // KeyValue = key (tag, length, bytes) + value (tag, length, AnyValue); AnyValue = tag + at most 10 bytes, or
        // a string. When that bound stays below 128 both lengths take one byte.
        var bound = 2 + Encoding.UTF8.GetMaxByteCount(attribute.Key.Length) + 2 + 1 +
            (value.Type == AttributeType.String ? 2 + Encoding.UTF8.GetMaxByteCount(value.String.Length) : 10);
        var lengthBytes = bound < 0x80 ? 1 : ProtobufWriter.LongLengthBytes;
        var keyValue = w.BeginMessage(field, lengthBytes);
        w.WriteStringRaw(OtlpFields.KeyValueKey, attribute.Key);
        var anyValue = w.BeginMessage(OtlpFields.KeyValueValue, lengthBytes);
        switch (value.Type)
        {
            case AttributeType.Bool:
                w.WriteTag(OtlpFields.AnyValueBool, WireType.Varint);
                w.WriteVarint(value.Bool ? 1UL : 0UL);
                break;
            case AttributeType.Int:
                w.WriteTag(OtlpFields.AnyValueInt, WireType.Varint);
                w.WriteVarint((ulong)value.Int);
                break;
            case AttributeType.Double:
                w.WriteTag(OtlpFields.AnyValueDouble, WireType.Fixed64);
                w.WriteFixed64((ulong)BitConverter.DoubleToInt64Bits(value.Double));
                break;
            default:
                w.WriteStringRaw(OtlpFields.AnyValueString, value.String);
                break;
        }

        w.EndMessage(anyValue);
        w.EndMessage(keyValue);
    }
}
