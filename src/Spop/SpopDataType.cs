namespace SpoaOpenTracing.Spop;

/// <summary>The type id carried in the low nibble of an SPOP typed-data byte (SPOE.txt §3.1).</summary>
public enum SpopDataType : byte
{
    Null = 0,
    Boolean = 1,
    Int32 = 2,
    UInt32 = 3,
    Int64 = 4,
    UInt64 = 5,
    IPv4 = 6,
    IPv6 = 7,
    String = 8,
    Binary = 9,
}
