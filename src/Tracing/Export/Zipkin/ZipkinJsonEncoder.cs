using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export.Zipkin;

/// <summary>
/// Writes a batch as a Zipkin v2 JSON array with the fields and tags the OpenTelemetry SDK's Zipkin exporter (1.20.1)
/// writes, into one buffer kept from batch to batch (no allocation per span once it has grown to the batch size).
/// Where the SDK drops what Zipkin cannot carry, we keep it in the forms the OTel spec suggests for non-OTLP formats:
/// an event's attributes in its annotation (<c>"name":{"key":"value"}</c>), links in an <c>otel.links</c> tag (a JSON
/// array as a string, as Zipkin carries array values), and <c>otel.dropped_*_count</c> tags. As in the SDK, resource
/// attributes other than the service name are not written: Zipkin has no place for them.
/// Not thread-safe: one export thread uses it.
/// </summary>
internal sealed class ZipkinJsonEncoder : IBatchEncoder
{
    private const int InitialBodySize = 64 * 1024;

    private static readonly JsonEncodedText s_traceId = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_parentId = JsonEncodedText.Encode("parentId");
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText s_timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText s_duration = JsonEncodedText.Encode("duration");
    private static readonly JsonEncodedText s_localEndpoint = JsonEncodedText.Encode("localEndpoint");
    private static readonly JsonEncodedText s_remoteEndpoint = JsonEncodedText.Encode("remoteEndpoint");
    private static readonly JsonEncodedText s_serviceName = JsonEncodedText.Encode("serviceName");
    private static readonly JsonEncodedText s_ipv4 = JsonEncodedText.Encode("ipv4");
    private static readonly JsonEncodedText s_ipv6 = JsonEncodedText.Encode("ipv6");
    private static readonly JsonEncodedText s_annotations = JsonEncodedText.Encode("annotations");
    private static readonly JsonEncodedText s_value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText s_tags = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText s_statusCode = JsonEncodedText.Encode("otel.status_code");
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText s_scopeName = JsonEncodedText.Encode("otel.scope.name");
    private static readonly JsonEncodedText s_libraryName = JsonEncodedText.Encode("otel.library.name");
    private static readonly JsonEncodedText s_scopeVersion = JsonEncodedText.Encode("otel.scope.version");
    private static readonly JsonEncodedText s_libraryVersion = JsonEncodedText.Encode("otel.library.version");
    private static readonly JsonEncodedText s_links = JsonEncodedText.Encode("otel.links");
    private static readonly JsonEncodedText s_spanId = JsonEncodedText.Encode("spanId");
    private static readonly JsonEncodedText s_traceState = JsonEncodedText.Encode("traceState");
    private static readonly JsonEncodedText s_attributes = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText s_droppedAttributes = JsonEncodedText.Encode("otel.dropped_attributes_count");
    private static readonly JsonEncodedText s_droppedEvents = JsonEncodedText.Encode("otel.dropped_events_count");
    private static readonly JsonEncodedText s_droppedLinks = JsonEncodedText.Encode("otel.dropped_links_count");

    private readonly ArrayBufferWriter<byte> _body = new(InitialBodySize);
    private readonly ArrayBufferWriter<byte> _nested = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly Utf8JsonWriter _nestedWriter;
    private readonly ZipkinLocalEndpoint _local;
    private readonly string _scopeName;
    private readonly string? _scopeVersion;
    private char[] _joined = new char[128];

    public ZipkinJsonEncoder(ZipkinLocalEndpoint local, string scopeName, string? scopeVersion)
    {
        _local = local;
        _scopeName = scopeName;
        _scopeVersion = scopeVersion;
        // Validation would check every token of a structure this class alone writes.
        var options = new JsonWriterOptions { SkipValidation = true };
        _writer = new Utf8JsonWriter(_body, options);
        _nestedWriter = new Utf8JsonWriter(_nested, options);
    }

    /// <summary>The encoded array, valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<SpanRecord> batch)
    {
        _body.ResetWrittenCount();
        _writer.Reset(_body);
        _writer.WriteStartArray();
        foreach (var span in batch)
        {
            WriteSpan(span);
        }

        _writer.WriteEndArray();
        _writer.Flush();
        return _body.WrittenMemory;
    }

    private void WriteSpan(SpanRecord span)
    {
        var w = _writer;
        Span<byte> hex = stackalloc byte[TraceId.HexLength];
        w.WriteStartObject();
        span.TraceId.WriteHex(hex);
        w.WriteString(s_traceId, hex);
        w.WriteString(s_name, span.Name);
        if (span.ParentSpanId.IsValid)
        {
            span.ParentSpanId.WriteHex(hex);
            w.WriteString(s_parentId, hex[..SpanId.HexLength]);
        }

        span.SpanId.WriteHex(hex);
        w.WriteString(s_id, hex[..SpanId.HexLength]);
        var kind = KindName(span.Kind);
        if (kind is not null)
        {
            w.WriteString(s_kind, kind);
        }

        // Whole microseconds, truncated, as the SDK computes them from ticks.
        w.WriteNumber(s_timestamp, span.StartUnixNano / 1000);
        w.WriteNumber(s_duration, (span.EndUnixNano - span.StartUnixNano) / 1000);
        WriteLocalEndpoint();
        if (ZipkinRemoteEndpoint.TryFind(span, out var remote, out var port))
        {
            w.WritePropertyName(s_remoteEndpoint);
            w.WriteStartObject();
            w.WriteString(s_serviceName, port is null ? remote.AsSpan() : Join(remote, port));
            w.WriteEndObject();
        }

        WriteAnnotations(span);
        WriteTags(span);
        w.WriteEndObject();
    }

    private void WriteLocalEndpoint()
    {
        var w = _writer;
        w.WritePropertyName(s_localEndpoint);
        w.WriteStartObject();
        w.WriteString(s_serviceName, _local.ServiceName);
        if (_local.Ipv4 is not null)
        {
            w.WriteString(s_ipv4, _local.Ipv4);
        }

        if (_local.Ipv6 is not null)
        {
            w.WriteString(s_ipv6, _local.Ipv6);
        }

        w.WriteEndObject();
    }

    private void WriteAnnotations(SpanRecord span)
    {
        var events = span.Events;
        if (events.IsEmpty)
        {
            return;
        }

        var w = _writer;
        w.WritePropertyName(s_annotations);
        w.WriteStartArray();
        foreach (ref readonly var e in events)
        {
            w.WriteStartObject();
            w.WriteNumber(s_timestamp, e.TimeUnixNano / 1000);
            var attributes = span.AttributesOf(e);
            if (attributes.IsEmpty)
            {
                w.WriteString(s_value, e.Name);
            }
            else
            {
                w.WriteString(s_value, EventValue(e.Name, attributes));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>"name":{"key":value,...}</c>, the OTel spec's annotation for an event with attributes: written as
    /// the inside of <c>{"name":{...}}</c> so that the writer escapes the name.</summary>
    private ReadOnlySpan<byte> EventValue(string name, ReadOnlySpan<SpanAttribute> attributes)
    {
        var n = BeginNested();
        n.WriteStartObject();
        n.WritePropertyName(name);
        WriteTypedObject(n, attributes);
        n.WriteEndObject();
        n.Flush();
        return _nested.WrittenSpan[1..^1];
    }

    private void WriteTags(SpanRecord span)
    {
        var w = _writer;
        var attributes = span.Attributes;
        var hasScope = !string.IsNullOrEmpty(_scopeName);
        if (!hasScope && span.StatusCode == SpanStatusCode.Unset && span.Links.IsEmpty && !HasDropped(span) && !HasOtherTags(attributes))
        {
            return;
        }

        w.WritePropertyName(s_tags);
        w.WriteStartObject();
        string? statusTag = null;
        string? descriptionTag = null;
        foreach (ref readonly var attribute in attributes)
        {
            if (attribute.Value.Type == AttributeType.String && attribute.Key == "otel.status_description")
            {
                descriptionTag = attribute.Value.String;
            }

            // The SDK writes these two from the status alone.
            if (attribute.Key is "error" or "otel.status_code")
            {
                if (attribute.Key == "otel.status_code" && attribute.Value.Type == AttributeType.String)
                {
                    statusTag = attribute.Value.String;
                }

                continue;
            }

            WriteTag(attribute.Key, attribute.Value);
        }

        if (span.StatusCode == SpanStatusCode.Unset)
        {
            WriteStatus(StatusOf(statusTag), descriptionTag);
        }
        else
        {
            WriteStatus(span.StatusCode, span.StatusDescription);
        }

        if (hasScope)
        {
            w.WriteString(s_scopeName, _scopeName);
            w.WriteString(s_libraryName, _scopeName);
            if (!string.IsNullOrEmpty(_scopeVersion))
            {
                w.WriteString(s_scopeVersion, _scopeVersion);
                w.WriteString(s_libraryVersion, _scopeVersion);
            }
        }

        if (!span.Links.IsEmpty)
        {
            w.WriteString(s_links, LinksValue(span));
        }

        WriteDropped(s_droppedAttributes, span.DroppedAttributesCount);
        WriteDropped(s_droppedEvents, span.DroppedEventsCount);
        WriteDropped(s_droppedLinks, span.DroppedLinksCount);
        w.WriteEndObject();
    }

    /// <summary>As the SDK: the span's status wins; with none, <c>otel.status_code</c> and
    /// <c>otel.status_description</c> attributes stand for it.</summary>
    private static SpanStatusCode StatusOf(string? statusTag) => statusTag switch
    {
        "OK" => SpanStatusCode.Ok,
        "ERROR" => SpanStatusCode.Error,
        _ => SpanStatusCode.Unset,
    };

    private void WriteStatus(SpanStatusCode code, string? description)
    {
        if (code == SpanStatusCode.Ok)
        {
            _writer.WriteString(s_statusCode, "OK"u8);
        }
        else if (code == SpanStatusCode.Error)
        {
            _writer.WriteString(s_statusCode, "ERROR"u8);
            _writer.WriteString(s_error, description ?? string.Empty);
        }
    }

    /// <summary>Values as strings, formatted as the SDK's tag writer formats them.</summary>
    private void WriteTag(string key, AttributeValue value)
    {
        Span<byte> digits = stackalloc byte[32];
        int length;
        switch (value.Type)
        {
            case AttributeType.Bool:
                _writer.WriteString(key, value.Bool ? "true"u8 : "false"u8);
                return;
            case AttributeType.Int:
                Utf8Formatter.TryFormat(value.Int, digits, out length);
                break;
            case AttributeType.Double:
                Utf8Formatter.TryFormat(value.Double, digits, out length);
                break;
            default:
                _writer.WriteString(key, value.String);
                return;
        }

        _writer.WriteString(key, digits[..length]);
    }

    private void WriteDropped(JsonEncodedText key, int count)
    {
        if (count > 0)
        {
            Span<byte> digits = stackalloc byte[16];
            Utf8Formatter.TryFormat(count, digits, out var length);
            _writer.WriteString(key, digits[..length]);
        }
    }

    /// <summary><c>[{"traceId":..,"spanId":..,"traceState":..,"attributes":{..}},...]</c>.</summary>
    private ReadOnlySpan<byte> LinksValue(SpanRecord span)
    {
        var n = BeginNested();
        Span<byte> hex = stackalloc byte[TraceId.HexLength];
        n.WriteStartArray();
        foreach (ref readonly var link in span.Links)
        {
            n.WriteStartObject();
            link.TraceId.WriteHex(hex);
            n.WriteString(s_traceId, hex);
            link.SpanId.WriteHex(hex);
            n.WriteString(s_spanId, hex[..SpanId.HexLength]);
            if (!string.IsNullOrEmpty(link.TraceState))
            {
                n.WriteString(s_traceState, link.TraceState);
            }

            var attributes = span.AttributesOf(link);
            if (!attributes.IsEmpty)
            {
                n.WritePropertyName(s_attributes);
                WriteTypedObject(n, attributes);
            }

            n.WriteEndObject();
        }

        n.WriteEndArray();
        n.Flush();
        return _nested.WrittenSpan;
    }

    /// <summary>Attributes with their JSON types; non-finite doubles, which JSON has no number for, as strings.</summary>
    private static void WriteTypedObject(Utf8JsonWriter n, ReadOnlySpan<SpanAttribute> attributes)
    {
        n.WriteStartObject();
        foreach (ref readonly var attribute in attributes)
        {
            var value = attribute.Value;
            switch (value.Type)
            {
                case AttributeType.Bool:
                    n.WriteBoolean(attribute.Key, value.Bool);
                    break;
                case AttributeType.Int:
                    n.WriteNumber(attribute.Key, value.Int);
                    break;
                case AttributeType.Double when double.IsFinite(value.Double):
                    n.WriteNumber(attribute.Key, value.Double);
                    break;
                default:
                    n.WriteString(attribute.Key, value.ToString());
                    break;
            }
        }

        n.WriteEndObject();
    }

    private Utf8JsonWriter BeginNested()
    {
        _nested.ResetWrittenCount();
        _nestedWriter.Reset(_nested);
        return _nestedWriter;
    }

    private ReadOnlySpan<char> Join(string address, string port)
    {
        var length = address.Length + 1 + port.Length;
        if (_joined.Length < length)
        {
            _joined = new char[Math.Max(length, _joined.Length * 2)];
        }

        address.CopyTo(_joined);
        _joined[address.Length] = ':';
        port.CopyTo(_joined.AsSpan(address.Length + 1));
        return _joined.AsSpan(0, length);
    }

    /// <summary>Whether the attributes give a tag: any but the two the status replaces, or a status by attribute.</summary>
    private static bool HasOtherTags(ReadOnlySpan<SpanAttribute> attributes)
    {
        foreach (ref readonly var attribute in attributes)
        {
            if (attribute.Key is not ("error" or "otel.status_code")
                || (attribute.Key == "otel.status_code" && attribute.Value.Type == AttributeType.String && attribute.Value.String is "OK" or "ERROR"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDropped(SpanRecord span) => (span.DroppedAttributesCount | span.DroppedEventsCount | span.DroppedLinksCount) != 0;

    private static string? KindName(SpanKind kind) => kind switch
    {
        SpanKind.Server => "SERVER",
        SpanKind.Client => "CLIENT",
        SpanKind.Producer => "PRODUCER",
        SpanKind.Consumer => "CONSUMER",
        _ => null,
    };
}
