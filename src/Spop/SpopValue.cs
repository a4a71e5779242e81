using System.Globalization;
using System.Net;
using System.Text;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// One typed datum of SPOP. Received values are views into the frame buffer and are valid only while the
/// handler call that received them lasts; <see cref="ToString"/> is the explicit copy.
/// </summary>
/// <remarks>
/// All four integer kinds carry a 64-bit pattern on the wire (HAProxy never sign-extends 32-bit types and
/// sends negative numbers as 64-bit two's complement), so <see cref="Int64"/> and <see cref="UInt64"/> are the
/// same bits read two ways.
/// </remarks>
public readonly ref struct SpopValue
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly ulong _integer;

    internal SpopValue(SpopDataType type, ulong integer, ReadOnlySpan<byte> bytes)
    {
        Type = type;
        _integer = integer;
        _bytes = bytes;
    }

    public SpopDataType Type { get; }

    public bool IsNull => Type == SpopDataType.Null;

    public bool IsInteger => Type is SpopDataType.Int32 or SpopDataType.UInt32 or SpopDataType.Int64 or SpopDataType.UInt64;

    public bool Boolean => _integer != 0;

    public long Int64 => unchecked((long)_integer);

    public ulong UInt64 => _integer;

    /// <summary>The raw bytes of a string or binary value, or the network-order address of an IPv4/IPv6 value.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public static SpopValue Null => default;

    public static SpopValue FromBoolean(bool value) => new(SpopDataType.Boolean, value ? 1UL : 0UL, default);

    public static SpopValue FromInt32(int value) => new(SpopDataType.Int32, unchecked((ulong)(long)value), default);

    public static SpopValue FromUInt32(uint value) => new(SpopDataType.UInt32, value, default);

    public static SpopValue FromInt64(long value) => new(SpopDataType.Int64, unchecked((ulong)value), default);

    public static SpopValue FromUInt64(ulong value) => new(SpopDataType.UInt64, value, default);

    /// <summary>A UTF-8 string value.</summary>
    public static SpopValue FromString(ReadOnlySpan<byte> utf8) => new(SpopDataType.String, 0, utf8);

    public static SpopValue FromBinary(ReadOnlySpan<byte> bytes) => new(SpopDataType.Binary, 0, bytes);

    /// <summary>An address value; <paramref name="address"/> is 4 bytes (IPv4) or 16 bytes (IPv6) in network order.</summary>
    public static SpopValue FromAddress(ReadOnlySpan<byte> address) => address.Length switch
    {
        4 => new(SpopDataType.IPv4, 0, address),
        16 => new(SpopDataType.IPv6, 0, address),
        _ => throw new ArgumentException("an address is 4 or 16 bytes", nameof(address)),
    };

    public bool TryGetIPAddress(out IPAddress? address)
    {
        address = Type is SpopDataType.IPv4 or SpopDataType.IPv6 ? new IPAddress(_bytes) : null;
        return address is not null;
    }

    /// <summary>
    /// The value as text: null is empty, booleans are <c>true</c>/<c>false</c>, integers decimal (signed for the
    /// signed kinds), addresses in their usual notation, strings decoded as UTF-8, binary as lowercase hex.
    /// </summary>
    public override string ToString() => Type switch
    {
        SpopDataType.Null => string.Empty,
        SpopDataType.Boolean => Boolean ? "true" : "false",
        SpopDataType.Int32 or SpopDataType.Int64 => Int64.ToString(CultureInfo.InvariantCulture),
        SpopDataType.UInt32 or SpopDataType.UInt64 => UInt64.ToString(CultureInfo.InvariantCulture),
        SpopDataType.IPv4 or SpopDataType.IPv6 => new IPAddress(_bytes).ToString(),
        SpopDataType.String => Encoding.UTF8.GetString(_bytes),
        SpopDataType.Binary => Convert.ToHexStringLower(_bytes),
        _ => string.Empty,
    };
}
