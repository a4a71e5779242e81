using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// Reads the LIST-OF-MESSAGES payload of a NOTIFY frame, message by message, without copying:
/// <c>while (reader.TryReadMessage(out var message)) { ... }</c>. Each message's arguments are checked when the
/// message is read, so iterating them cannot fail; a malformed payload raises <see cref="SpopException"/>
/// (status 4). An empty payload (HAProxy 3.1 to 3.3-dev6 send those) simply has no message.
/// </summary>
internal ref struct MessageListReader
{
    private SpopReader _reader;

    public MessageListReader(ReadOnlySpan<byte> payload)
    {
        _reader = new SpopReader(payload);
    }

    /// <summary>Checks a whole payload before any of its messages is handled; returns the message count.</summary>
    public static int Validate(ReadOnlySpan<byte> payload)
    {
        var reader = new MessageListReader(payload);
        var count = 0;
        while (reader.TryReadMessage(out _))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Checks a whole payload, as <see cref="Validate"/>, and records where each of its first
    /// <c>starts.Length</c> messages begins, so that they can be handed out by <see cref="MessageAt"/> without reading
    /// their arguments again. Returns the message count, which may exceed <c>starts.Length</c>.
    /// </summary>
    internal static int Index(ReadOnlySpan<byte> payload, Span<int> starts)
    {
        var reader = new MessageListReader(payload);
        var count = 0;
        while (true)
        {
            var start = reader._reader.Position;
            if (!reader.TryReadMessage(out _))
            {
                return count;
            }

            if (count < starts.Length)
            {
                starts[count] = start;
            }

            count++;
        }
    }

    /// <summary>The message of an indexed payload at <c>[start, end)</c>: only its name and count are read again.</summary>
    internal static SpopMessage MessageAt(ReadOnlySpan<byte> payload, int start, int end)
    {
        var reader = new SpopReader(payload[start..end]);
        var name = reader.ReadString();
        int count = reader.ReadByte();
        return new SpopMessage(name, count, reader.Remaining);
    }

    public bool TryReadMessage(out SpopMessage message)
    {
        if (_reader.End)
        {
            message = default;
            return false;
        }

        var name = _reader.ReadString();
        int count = _reader.ReadByte();
        var start = _reader.Position;
        var arguments = _reader.Remaining;
        for (var i = 0; i < count; i++)
        {
            _reader.ReadString();
            _reader.ReadValue();
        }

        message = new SpopMessage(name, count, arguments[..(_reader.Position - start)]);
        return true;
    }
}
