using System.Globalization;
using System.Text;
using Google.Protobuf;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>
/// Decodes protobuf bytes with Google.Protobuf's <see cref="CodedInputStream"/> into a tree of raw fields (number,
/// wire type, value), recursing only into the fields <see cref="OtlpSchema"/> names as messages, and prints it in a
/// canonical form: fields ordered by number (repeated ones keep their order), as every protobuf reader sees them.
/// Two encoders agree on a request exactly when their trees print the same.
/// </summary>
public sealed record ProtoMessage(string Type, IReadOnlyList<ProtoField> Fields)
{
    public static ProtoMessage Decode(ReadOnlySpan<byte> bytes, string type)
    {
        var fields = new List<ProtoField>();
        var input = new CodedInputStream(bytes.ToArray());
        while (!input.IsAtEnd)
        {
            var tag = input.ReadTag();
            var number = WireFormat.GetTagFieldNumber(tag);
            var wireType = WireFormat.GetTagWireType(tag);
            fields.Add(wireType switch
            {
                WireFormat.WireType.Varint => new ProtoField(number, wireType, input.ReadUInt64(), null, null),
                WireFormat.WireType.Fixed64 => new ProtoField(number, wireType, input.ReadFixed64(), null, null),
                WireFormat.WireType.Fixed32 => new ProtoField(number, wireType, input.ReadFixed32(), null, null),
                WireFormat.WireType.LengthDelimited => Nested(number, input.ReadBytes().ToByteArray(), type),
                _ => throw new InvalidDataException($"{type}: wire type {wireType} in field {number}"),
            });
        }

        return new ProtoMessage(type, fields);
    }

    public IEnumerable<ProtoField> All(int number) => Fields.Where(f => f.Number == number);

    public ProtoMessage Message(int number) => All(number).Single().Message!;

    /// <summary>This message with <paramref name="number"/>'s occurrences replaced by <paramref name="replace"/>'s.</summary>
    public ProtoMessage With(int number, Func<IEnumerable<ProtoField>, IEnumerable<ProtoField>> replace) =>
        this with { Fields = Fields.Where(f => f.Number != number).Concat(replace(All(number))).ToList() };

    public string Print()
    {
        var text = new StringBuilder();
        Print(text, 0);
        return text.ToString();
    }

    private void Print(StringBuilder text, int depth)
    {
        foreach (var field in Fields.OrderBy(f => f.Number))
        {
            text.Append(' ', depth * 2).Append(field.Number).Append(':').Append(field.WireType).Append(' ');
            if (field.Message is { } message)
            {
                text.Append(message.Type).AppendLine(" {");
                message.Print(text, depth + 1);
                text.Append(' ', depth * 2).AppendLine("}");
            }
            else if (field.Bytes is { } bytes)
            {
                text.AppendLine(PrintBytes(bytes));
            }
            else
            {
                text.AppendLine(field.Scalar.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static ProtoField Nested(int number, byte[] bytes, string type) =>
        OtlpSchema.MessageField(type, number) is { } nested
            ? new ProtoField(number, WireFormat.WireType.LengthDelimited, 0, null, Decode(bytes, nested))
            : new ProtoField(number, WireFormat.WireType.LengthDelimited, 0, bytes, null);

    private static string PrintBytes(byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            if (!text.Any(char.IsControl))
            {
                return $"\"{text}\"";
            }
        }
        catch (DecoderFallbackException)
        {
            // Not text: an id.
        }

        return "0x" + Convert.ToHexStringLower(bytes);
    }
}

public sealed record ProtoField(int Number, WireFormat.WireType WireType, ulong Scalar, byte[]? Bytes, ProtoMessage? Message);

/// <summary>Which OTLP trace fields are nested messages (opentelemetry-proto's trace, common and resource protos).</summary>
public static class OtlpSchema
{
    public const string Request = "ExportTraceServiceRequest";

    private static readonly Dictionary<(string Type, int Field), string> s_messages = new()
    {
        [(Request, 1)] = "ResourceSpans",
        [("ResourceSpans", 1)] = "Resource",
        [("ResourceSpans", 2)] = "ScopeSpans",
        [("Resource", 1)] = "KeyValue",
        [("ScopeSpans", 1)] = "InstrumentationScope",
        [("ScopeSpans", 2)] = "Span",
        [("InstrumentationScope", 3)] = "KeyValue",
        [("Span", 9)] = "KeyValue",
        [("Span", 11)] = "Event",
        [("Span", 13)] = "Link",
        [("Span", 15)] = "Status",
        [("Event", 3)] = "KeyValue",
        [("Link", 4)] = "KeyValue",
        [("KeyValue", 2)] = "AnyValue",
    };

    public static string? MessageField(string type, int field) => s_messages.GetValueOrDefault((type, field));
}
