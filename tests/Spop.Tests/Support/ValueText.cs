using System.Globalization;
using System.Text.Json;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>A typed value in index.json's notation: type name, type byte (hex) and value as text.</summary>
internal sealed record TypedText(string Type, string TypeByte, string? Value)
{
    public static TypedText FromJson(JsonElement element)
    {
        var value = element.GetProperty("value");
        var text = value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetRawText(),
            _ => value.GetString(),
        };
        return new TypedText(element.GetProperty("type").GetString()!, element.GetProperty("typebyte").GetString()!, text);
    }
}

internal static class ValueText
{
    public static TypedText Of(SpopValue value)
    {
        var (name, text) = value.Type switch
        {
            SpopDataType.Null => ("NULL", (string?)null),
            SpopDataType.Boolean => ("BOOL", value.Boolean ? "true" : "false"),
            SpopDataType.Int32 => ("INT32", value.Int64.ToString(CultureInfo.InvariantCulture)),
            SpopDataType.Int64 => ("INT64", value.Int64.ToString(CultureInfo.InvariantCulture)),
            SpopDataType.UInt32 => ("UINT32", value.UInt64.ToString(CultureInfo.InvariantCulture)),
            SpopDataType.UInt64 => ("UINT64", value.UInt64.ToString(CultureInfo.InvariantCulture)),
            SpopDataType.IPv4 => ("IPV4", value.ToString()),
            SpopDataType.IPv6 => ("IPV6", value.ToString()),
            SpopDataType.String => ("STRING", value.ToString()),
            _ => ("BINARY", value.ToString()),
        };
        var typeByte = (byte)value.Type | (value.Type == SpopDataType.Boolean && value.Boolean ? 0x10 : 0);
        return new TypedText(name, typeByte.ToString("x2", CultureInfo.InvariantCulture), text);
    }
}
