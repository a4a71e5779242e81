namespace SpoaOpenTracing.Spop;

/// <summary>One argument of a message: a (possibly empty) name and a typed value, both views into the frame.</summary>
public readonly ref struct SpopArgument
{
    internal SpopArgument(ReadOnlySpan<byte> name, SpopValue value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The argument name as raw bytes; empty for an unnamed argument.</summary>
    public ReadOnlySpan<byte> Name { get; }

    public SpopValue Value { get; }

    public bool NameEquals(ReadOnlySpan<byte> utf8) => Name.SequenceEqual(utf8);
}
