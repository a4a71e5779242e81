using System.Text;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>A message argument as a test writes it (SpopValue is a ref struct and cannot be stored).</summary>
public sealed record Arg(string Name, SpopDataType Type, object? Value)
{
    public static Arg Str(string name, string value) => new(name, SpopDataType.String, value);

    /// <summary>An unnamed argument: continues the previous one.</summary>
    public static Arg More(string value) => new(string.Empty, SpopDataType.String, value);

    public static Arg More(SpopDataType type, object? value) => new(string.Empty, type, value);

    internal void WriteTo(MessageListWriter writer)
    {
        switch (Type)
        {
            case SpopDataType.Null: writer.Argument(Name, SpopValue.Null); break;
            case SpopDataType.Boolean: writer.Argument(Name, SpopValue.FromBoolean((bool)Value!)); break;
            case SpopDataType.Int32: writer.Argument(Name, SpopValue.FromInt32((int)Value!)); break;
            case SpopDataType.UInt32: writer.Argument(Name, SpopValue.FromUInt32((uint)Value!)); break;
            case SpopDataType.Int64: writer.Argument(Name, SpopValue.FromInt64((long)Value!)); break;
            case SpopDataType.UInt64: writer.Argument(Name, SpopValue.FromUInt64((ulong)Value!)); break;
            case SpopDataType.IPv4 or SpopDataType.IPv6: writer.Argument(Name, SpopValue.FromAddress(((System.Net.IPAddress)Value!).GetAddressBytes())); break;
            case SpopDataType.String: writer.Argument(Name, SpopValue.FromString(Encoding.UTF8.GetBytes((string)Value!))); break;
            case SpopDataType.Binary: writer.Argument(Name, SpopValue.FromBinary((byte[])Value!)); break;
            default: throw new ArgumentOutOfRangeException(nameof(Type));
        }
    }
}
