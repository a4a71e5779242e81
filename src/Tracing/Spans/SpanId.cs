using System.Buffers.Binary;

namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>A W3C span id: 64 bits, valid when not zero. <c>default</c> stands for "no parent".</summary>
public readonly record struct SpanId(ulong Value)
{
    public const int HexLength = 16;

    public bool IsValid => Value != 0;

    public void WriteBytes(Span<byte> eight) => BinaryPrimitives.WriteUInt64BigEndian(eight, Value);

    /// <summary>Writes 16 lowercase hex digits.</summary>
    public void WriteHex(Span<byte> destination) => HexDigits.Write(Value, destination);

    /// <summary>Exactly 16 lowercase hex digits, not all zero (W3C trace context).</summary>
    public static bool TryParse(ReadOnlySpan<byte> hex, out SpanId id)
    {
        id = default;
        if (hex.Length != HexLength || !HexDigits.TryParse(hex, out var value))
        {
            return false;
        }

        id = new SpanId(value);
        return id.IsValid;
    }

    public override string ToString()
    {
        Span<byte> hex = stackalloc byte[HexLength];
        WriteHex(hex);
        return System.Text.Encoding.ASCII.GetString(hex);
    }
}
