using System.Globalization;

namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>A typed attribute value without boxing: a string, or a bool, long or double kept in 64 bits.</summary>
public readonly struct AttributeValue : IEquatable<AttributeValue>
{
    private readonly string? _text;
    private readonly long _bits;

    private AttributeValue(AttributeType type, string? text, long bits)
    {
        Type = type;
        _text = text;
        _bits = bits;
    }

    public AttributeType Type { get; }

    public string String => _text ?? string.Empty;

    public bool Bool => _bits != 0;

    public long Int => _bits;

    public double Double => BitConverter.Int64BitsToDouble(_bits);

    public static implicit operator AttributeValue(string value) => new(AttributeType.String, value ?? string.Empty, 0);

    public static implicit operator AttributeValue(bool value) => new(AttributeType.Bool, null, value ? 1 : 0);

    public static implicit operator AttributeValue(long value) => new(AttributeType.Int, null, value);

    public static implicit operator AttributeValue(double value) => new(AttributeType.Double, null, BitConverter.DoubleToInt64Bits(value));

    public static bool operator ==(AttributeValue left, AttributeValue right) => left.Equals(right);

    public static bool operator !=(AttributeValue left, AttributeValue right) => !left.Equals(right);

    /// <summary>The value boxed as its CLR type (string, bool, long, double), for callers that compare loosely.</summary>
    public object ToObject() => Type switch
    {
        AttributeType.Bool => Bool,
        AttributeType.Int => Int,
        AttributeType.Double => Double,
        _ => String,
    };

    public bool Equals(AttributeValue other) => Type == other.Type && _bits == other._bits && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AttributeValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, _bits, _text);

    /// <summary>As OpenTelemetry prints values: <c>true</c>/<c>false</c>, invariant numbers, the string itself.</summary>
    public override string ToString() => Type switch
    {
        AttributeType.Bool => Bool ? "true" : "false",
        AttributeType.Int => Int.ToString(CultureInfo.InvariantCulture),
        AttributeType.Double => Double.ToString(CultureInfo.InvariantCulture),
        _ => String,
    };
}
