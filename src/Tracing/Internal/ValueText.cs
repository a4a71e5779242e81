using System.Buffers;
using System.Globalization;
using System.Text;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>Turns SPOP values into what the grammar needs: UTF-8 text (appended without copies where possible) and
/// typed attribute values.</summary>
internal static class ValueText
{
    /// <summary>
    /// The attribute value of a tag given by one datum. OpenTelemetry attributes know bool, long, double and string:
    /// signed integers and uint32 become long; a uint64 becomes long when it fits, else its decimal string (exact, where
    /// a double would round); addresses are strings. Null (a sample HAProxy could not fetch) becomes the empty string:
    /// a null attribute value would erase the key.
    /// </summary>
    public static AttributeValue TypedAttribute(scoped in SpopValue value) => value.Type switch
    {
        SpopDataType.Boolean => value.Boolean,
        SpopDataType.Int32 or SpopDataType.Int64 => value.Int64,
        SpopDataType.UInt32 => value.Int64,
        SpopDataType.UInt64 when value.UInt64 <= long.MaxValue => value.Int64,
        _ => value.ToString(),
    };

    /// <summary>Appends the value as text: decimal integers, <c>true</c>/<c>false</c>, address notation, string bytes.</summary>
    public static void AppendUtf8(ArrayBufferWriter<byte> output, scoped in SpopValue value)
    {
        switch (value.Type)
        {
            case SpopDataType.Null:
                return;
            case SpopDataType.Boolean:
                output.Write(value.Boolean ? "true"u8 : "false"u8);
                return;
            case SpopDataType.Int32 or SpopDataType.Int64:
                Advance(output, value.Int64.TryFormat(output.GetSpan(20), out var signed, default, CultureInfo.InvariantCulture), signed);
                return;
            case SpopDataType.UInt32 or SpopDataType.UInt64:
                Advance(output, value.UInt64.TryFormat(output.GetSpan(20), out var unsigned, default, CultureInfo.InvariantCulture), unsigned);
                return;
            case SpopDataType.String:
                output.Write(value.Bytes);
                return;
            default:
                output.Write(Encoding.UTF8.GetBytes(value.ToString()));
                return;
        }
    }

    /// <summary>
    /// A span name (or finish target) from a value: string bytes as they are, other types as their text. False for
    /// binary, which the grammar refuses.
    /// </summary>
    public static bool TryGetName(scoped in SpopValue value, out ReadOnlySpan<byte> name)
    {
        switch (value.Type)
        {
            case SpopDataType.Binary:
                name = default;
                return false;
            case SpopDataType.String:
                name = value.Bytes;
                return true;
            default:
                name = Encoding.UTF8.GetBytes(value.ToString());
                return true;
        }
    }

    private static void Advance(ArrayBufferWriter<byte> output, bool formatted, int written)
    {
        if (formatted)
        {
            output.Advance(written);
        }
    }
}
