using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Net;
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
            case SpopDataType.IPv4 or SpopDataType.IPv6:
                output.Advance(FormatAddress(value, output.GetSpan(MaxAddressLength)));
                return;
            default:
                output.Write(Encoding.UTF8.GetBytes(value.ToString()));
                return;
        }
    }

    /// <summary>The longest address text: an IPv6 address with an embedded IPv4 one.</summary>
    public const int MaxAddressLength = 45;

    /// <summary>Writes an IPv4 or IPv6 value in its usual notation, as <see cref="SpopValue.ToString"/> gives it,
    /// into at least <see cref="MaxAddressLength"/> bytes; returns the length.</summary>
    public static int FormatAddress(scoped in SpopValue value, Span<byte> destination)
    {
        var address = value.Bytes;
        if (value.Type == SpopDataType.IPv6)
        {
            // IPv6 has no short hand-written form; the one IPAddress is the price of the rarer family.
            new IPAddress(address).TryFormat(destination, out var written);
            return written;
        }

        var length = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                destination[length++] = (byte)'.';
            }

            Utf8Formatter.TryFormat(address[i], destination[length..], out var octet);
            length += octet;
        }

        return length;
    }

    /// <summary>True for the types whose attribute keeps its type when the value stays alone (bool and integers);
    /// every other value's attribute is its text.</summary>
    public static bool IsTyped(scoped in SpopValue value) =>
        value.Type is SpopDataType.Boolean or SpopDataType.Int32 or SpopDataType.Int64 or SpopDataType.UInt32 or SpopDataType.UInt64;

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
