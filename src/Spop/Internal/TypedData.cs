namespace SpoaOpenTracing.Spop.Internal;

/// <summary>Encodes typed data (type byte, then the type's payload) and raw strings; sizes are computed first.</summary>
internal static class TypedData
{
    public static int GetLength(in SpopValue value) => value.Type switch
    {
        SpopDataType.Null or SpopDataType.Boolean => 1,
        SpopDataType.Int32 or SpopDataType.UInt32 or SpopDataType.Int64 or SpopDataType.UInt64 => 1 + Varint.GetLength(value.UInt64),
        SpopDataType.IPv4 => 5,
        SpopDataType.IPv6 => 17,
        _ => 1 + GetStringLength(value.Bytes.Length),
    };

    public static int GetStringLength(int byteCount) => Varint.GetLength((ulong)byteCount) + byteCount;

    public static int Write(Span<byte> destination, in SpopValue value)
    {
        switch (value.Type)
        {
            case SpopDataType.Null:
                destination[0] = 0;
                return 1;
            case SpopDataType.Boolean:
                destination[0] = value.Boolean ? (byte)0x11 : (byte)0x01;
                return 1;
            case SpopDataType.Int32:
            case SpopDataType.UInt32:
            case SpopDataType.Int64:
            case SpopDataType.UInt64:
                destination[0] = (byte)value.Type;
                return 1 + Varint.Write(destination[1..], value.UInt64);
            case SpopDataType.IPv4:
            case SpopDataType.IPv6:
                destination[0] = (byte)value.Type;
                value.Bytes.CopyTo(destination[1..]);
                return 1 + value.Bytes.Length;
            default:
                destination[0] = (byte)value.Type;
                return 1 + WriteString(destination[1..], value.Bytes);
        }
    }

    public static int WriteString(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        var n = Varint.Write(destination, (ulong)bytes.Length);
        bytes.CopyTo(destination[n..]);
        return n + bytes.Length;
    }
}
