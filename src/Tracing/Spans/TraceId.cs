using System.Buffers.Binary;

namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>A W3C trace id: 128 bits, valid when not all zero. Plain numbers, so ids cost no allocation until printed.</summary>
public readonly record struct TraceId(ulong High, ulong Low)
{
    public const int HexLength = 32;

    public bool IsValid => (High | Low) != 0;

    public void WriteBytes(Span<byte> sixteen)
    {
        BinaryPrimitives.WriteUInt64BigEndian(sixteen, High);
        BinaryPrimitives.WriteUInt64BigEndian(sixteen[8..], Low);
    }

    /// <summary>Writes 32 lowercase hex digits.</summary>
    public void WriteHex(Span<byte> destination)
    {
        HexDigits.Write(High, destination);
        HexDigits.Write(Low, destination[16..]);
    }

    /// <summary>Exactly 32 lowercase hex digits, not all zero (W3C trace context).</summary>
    public static bool TryParse(ReadOnlySpan<byte> hex, out TraceId id)
    {
        id = default;
        if (hex.Length != HexLength || !HexDigits.TryParse(hex[..16], out var high) || !HexDigits.TryParse(hex[16..], out var low))
        {
            return false;
        }

        id = new TraceId(high, low);
        return id.IsValid;
    }

    public override string ToString()
    {
        Span<byte> hex = stackalloc byte[HexLength];
        WriteHex(hex);
        return System.Text.Encoding.ASCII.GetString(hex);
    }
}
