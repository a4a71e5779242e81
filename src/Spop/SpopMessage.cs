using System.Text;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// One message of a NOTIFY frame. A view into the frame buffer, valid only during the handler call.
/// <code>
/// MESSAGE : &lt;name: varint length + bytes&gt; &lt;NB-ARGS: 1 byte&gt; { &lt;arg name: varint length + bytes&gt; &lt;typed data&gt; } x NB-ARGS
/// </code>
/// </summary>
public readonly ref struct SpopMessage
{
    private readonly ReadOnlySpan<byte> _encodedArguments;

    internal SpopMessage(ReadOnlySpan<byte> name, int argumentCount, ReadOnlySpan<byte> encodedArguments)
    {
        Name = name;
        ArgumentCount = argumentCount;
        _encodedArguments = encodedArguments;
    }

    public ReadOnlySpan<byte> Name { get; }

    public int ArgumentCount { get; }

    /// <summary>The arguments in frame order; <c>foreach (var arg in message.Arguments)</c>.</summary>
    public ArgumentEnumerator Arguments => new(_encodedArguments, ArgumentCount);

    public bool NameEquals(ReadOnlySpan<byte> utf8) => Name.SequenceEqual(utf8);

    public bool NameStartsWith(ReadOnlySpan<byte> utf8) => Name.StartsWith(utf8);

    /// <summary>The name as a string (an allocation: for logs and errors, not for matching).</summary>
    public string GetName() => Encoding.UTF8.GetString(Name);

    /// <summary>Walks arguments that were validated when the message was read, so it cannot fail.</summary>
    public ref struct ArgumentEnumerator
    {
        private SpopReader _reader;
        private int _remaining;

        internal ArgumentEnumerator(ReadOnlySpan<byte> encoded, int count)
        {
            _reader = new SpopReader(encoded);
            _remaining = count;
            Current = default;
        }

        public SpopArgument Current { get; private set; }

        public readonly ArgumentEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            _remaining--;
            var name = _reader.ReadString();
            Current = new SpopArgument(name, _reader.ReadValue());
            return true;
        }
    }
}
