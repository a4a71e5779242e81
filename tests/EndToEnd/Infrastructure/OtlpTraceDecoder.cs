using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// Decodes an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1) by field number, without
/// generated classes. Unknown fields are skipped; a known field with the wrong wire type, or a repeated attribute
/// key, is an <see cref="InvalidDataException"/>: the receiver exists to catch encoders that get this wrong.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static List<ReceivedSpan> Decode(byte[] exportTraceServiceRequest)
    {
        var spans = new List<ReceivedSpan>();
        var input = new CodedInputStream(exportTraceServiceRequest);
        EachMessage(input, 1, resourceSpans => ReadResourceSpans(resourceSpans, spans));
        return spans;
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
    private static void ReadResourceSpans(CodedInputStream input, List<ReceivedSpan> spans)
    {
        IReadOnlyDictionary<string, object?> resource = new Dictionary<string, object?>();
        var scopeSpans = new List<CodedInputStream>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 1: resource = ReadResource(Nested(input, tag)); break;
                case 2: scopeSpans.Add(Nested(input, tag)); break;
                default: input.SkipLastField(); break;
            }
        }

        foreach (var scope in scopeSpans)
        {
            ReadScopeSpans(scope, resource, spans);
        }
    }

    // Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
    private static Dictionary<string, object?> ReadResource(CodedInputStream input)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        EachMessage(input, 1, keyValue => AddKeyValue(keyValue, attributes));

        return attributes;
    }

    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
    // InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
    private static void ReadScopeSpans(CodedInputStream input, IReadOnlyDictionary<string, object?> resource, List<ReceivedSpan> spans)
    {
        string scopeName = "", scopeVersion = "";
        var spanInputs = new List<CodedInputStream>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 1:
                    var scope = Nested(input, tag);
                    uint scopeTag;
                    while ((scopeTag = scope.ReadTag()) != 0)
                    {
                        switch (GetTagFieldNumber(scopeTag))
                        {
                            case 1: scopeName = ReadString(scope, scopeTag); break;
                            case 2: scopeVersion = ReadString(scope, scopeTag); break;
                            default: scope.SkipLastField(); break;
                        }
                    }

                    break;
                case 2: spanInputs.Add(Nested(input, tag)); break;
                default: input.SkipLastField(); break;
            }
        }

        foreach (var span in spanInputs)
        {
            spans.Add(ReadSpan(span, resource, scopeName, scopeVersion));
        }
    }

    private static ReceivedSpan ReadSpan(CodedInputStream input, IReadOnlyDictionary<string, object?> resource, string scopeName, string scopeVersion)
    {
        string traceId = "", spanId = "", parentSpanId = "", traceState = "", name = "", statusMessage = "";
        int kind = 0, statusCode = 0;
        ulong start = 0, end = 0;
        uint flags = 0;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var events = new List<ReceivedEvent>();
        var links = new List<ReceivedLink>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 1: traceId = ReadHex(input, tag); break;
                case 2: spanId = ReadHex(input, tag); break;
                case 3: traceState = ReadString(input, tag); break;
                case 4: parentSpanId = ReadHex(input, tag); break;
                case 5: name = ReadString(input, tag); break;
                case 6: Expect(tag, WireType.Varint); kind = input.ReadEnum(); break;
                case 7: Expect(tag, WireType.Fixed64); start = input.ReadFixed64(); break;
                case 8: Expect(tag, WireType.Fixed64); end = input.ReadFixed64(); break;
                case 9: AddKeyValue(Nested(input, tag), attributes); break;
                case 11: events.Add(ReadEvent(Nested(input, tag))); break;
                case 13: links.Add(ReadLink(Nested(input, tag))); break;
                case 15: (statusCode, statusMessage) = ReadStatus(Nested(input, tag)); break;
                case 16: Expect(tag, WireType.Fixed32); flags = input.ReadFixed32(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new ReceivedSpan
        {
            TraceId = traceId, SpanId = spanId, ParentSpanId = parentSpanId, TraceState = traceState, Name = name,
            Kind = kind, StartTimeUnixNano = start, EndTimeUnixNano = end, Flags = flags, Attributes = attributes,
            Events = events, Links = links, StatusCode = statusCode, StatusMessage = statusMessage,
            ResourceAttributes = resource, ScopeName = scopeName, ScopeVersion = scopeVersion,
        };
    }

    // Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
    private static ReceivedEvent ReadEvent(CodedInputStream input)
    {
        ulong time = 0;
        var name = "";
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 1: Expect(tag, WireType.Fixed64); time = input.ReadFixed64(); break;
                case 2: name = ReadString(input, tag); break;
                case 3: AddKeyValue(Nested(input, tag), attributes); break;
                default: input.SkipLastField(); break;
            }
        }

        return new ReceivedEvent(name, time, attributes);
    }

    // Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
    private static ReceivedLink ReadLink(CodedInputStream input)
    {
        string traceId = "", spanId = "", traceState = "";
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 1: traceId = ReadHex(input, tag); break;
                case 2: spanId = ReadHex(input, tag); break;
                case 3: traceState = ReadString(input, tag); break;
                case 4: AddKeyValue(Nested(input, tag), attributes); break;
                default: input.SkipLastField(); break;
            }
        }

        return new ReceivedLink(traceId, spanId, traceState, attributes);
    }

    // Status { string message = 2; StatusCode code = 3; }
    private static (int Code, string Message) ReadStatus(CodedInputStream input)
    {
        var code = 0;
        var message = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 2: message = ReadString(input, tag); break;
                case 3: Expect(tag, WireType.Varint); code = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }

        return (code, message);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }
    private static void AddKeyValue(CodedInputStream input, Dictionary<string, object?> target)
    {
        var key = "";
        object? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 1: key = ReadString(input, tag); break;
                case 2: value = ReadAnyValue(Nested(input, tag)); break;
                default: input.SkipLastField(); break;
            }
        }

        if (!target.TryAdd(key, value))
        {
            throw new InvalidDataException($"attribute key '{key}' appears twice");
        }
    }

    // AnyValue { oneof { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    //   ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
    // ArrayValue { repeated AnyValue values = 1; }  KeyValueList { repeated KeyValue values = 1; }
    private static object? ReadAnyValue(CodedInputStream input)
    {
        object? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (GetTagFieldNumber(tag))
            {
                case 1: value = ReadString(input, tag); break;
                case 2: Expect(tag, WireType.Varint); value = input.ReadBool(); break;
                case 3: Expect(tag, WireType.Varint); value = input.ReadInt64(); break;
                case 4: Expect(tag, WireType.Fixed64); value = input.ReadDouble(); break;
                case 5: value = ReadArray(Nested(input, tag)); break;
                case 6:
                    var list = new Dictionary<string, object?>(StringComparer.Ordinal);
                    var kvlist = Nested(input, tag);
                    uint kvTag;
                    while ((kvTag = kvlist.ReadTag()) != 0)
                    {
                        if (GetTagFieldNumber(kvTag) == 1)
                        {
                            AddKeyValue(Nested(kvlist, kvTag), list);
                        }
                        else
                        {
                            kvlist.SkipLastField();
                        }
                    }

                    value = list;
                    break;
                case 7: Expect(tag, WireType.LengthDelimited); value = input.ReadBytes().ToByteArray(); break;
                default: input.SkipLastField(); break;
            }
        }

        return value;
    }

    private static object?[] ReadArray(CodedInputStream input)
    {
        var values = new List<object?>();
        EachMessage(input, 1, value => values.Add(ReadAnyValue(value)));

        return [.. values];
    }

    /// <summary>Reads every occurrence of the message field <paramref name="number"/>, skipping the other fields.</summary>
    private static void EachMessage(CodedInputStream input, int number, Action<CodedInputStream> read)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (GetTagFieldNumber(tag) == number)
            {
                read(Nested(input, tag));
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    private static CodedInputStream Nested(CodedInputStream input, uint tag)
    {
        Expect(tag, WireType.LengthDelimited);
        return input.ReadBytes().CreateCodedInput();
    }

    private static string ReadString(CodedInputStream input, uint tag)
    {
        Expect(tag, WireType.LengthDelimited);
        return input.ReadString();
    }

    private static string ReadHex(CodedInputStream input, uint tag)
    {
        Expect(tag, WireType.LengthDelimited);
        return Convert.ToHexStringLower(input.ReadBytes().Span);
    }

    private static void Expect(uint tag, WireType expected)
    {
        if (GetTagWireType(tag) != expected)
        {
            throw new InvalidDataException($"field {GetTagFieldNumber(tag)} has wire type {GetTagWireType(tag)}, expected {expected}");
        }
    }
}
