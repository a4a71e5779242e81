namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Reads the KV-LIST payload of HELLO and DISCONNECT frames:
/// <code>
/// KV-LIST : { &lt;key: varint length + bytes&gt; &lt;value: typed data&gt; } until the end of the payload
/// </code>
/// No count, no terminator; keys come in any order and unknown ones are skipped by the caller. A truncated entry
/// raises <see cref="SpopException"/> (status 4).
/// </summary>
internal ref struct KvListReader
{
    private SpopReader _reader;

    public KvListReader(ReadOnlySpan<byte> payload)
    {
        _reader = new SpopReader(payload);
    }

    public bool TryRead(out ReadOnlySpan<byte> key, out SpopValue value)
    {
        if (_reader.End)
        {
            key = default;
            value = default;
            return false;
        }

        key = _reader.ReadString();
        value = _reader.ReadValue();
        return true;
    }
}
