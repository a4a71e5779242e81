using System.Buffers;
using System.Text;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// Encodes a LIST-OF-MESSAGES (the NOTIFY payload) the way HAProxy does. For tests, load generators and tools
/// that play HAProxy's part; agents only read messages.
/// </summary>
internal sealed class MessageListWriter
{
    private readonly IBufferWriter<byte> _output;
    private int _argumentsLeft;

    public MessageListWriter(IBufferWriter<byte> output)
    {
        _output = output;
    }

    public MessageListWriter BeginMessage(string name, int argumentCount)
    {
        if (_argumentsLeft != 0)
        {
            throw new InvalidOperationException($"the previous message still expects {_argumentsLeft} argument(s)");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(argumentCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(argumentCount, 255);
        WriteString(name);
        var span = _output.GetSpan(1);
        span[0] = (byte)argumentCount;
        _output.Advance(1);
        _argumentsLeft = argumentCount;
        return this;
    }

    public MessageListWriter Argument(string name, in SpopValue value)
    {
        if (_argumentsLeft == 0)
        {
            throw new InvalidOperationException("the current message has all its arguments");
        }

        _argumentsLeft--;
        WriteString(name);
        var span = _output.GetSpan(TypedData.GetLength(value));
        _output.Advance(TypedData.Write(span, value));
        return this;
    }

    /// <summary>A STRING argument, the most common kind.</summary>
    public MessageListWriter Argument(string name, string value) =>
        Argument(name, SpopValue.FromString(Encoding.UTF8.GetBytes(value)));

    private void WriteString(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var span = _output.GetSpan(TypedData.GetStringLength(bytes.Length));
        _output.Advance(TypedData.WriteString(span, bytes));
    }
}
