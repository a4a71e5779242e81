using System.Buffers;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Reads the structures of a complete frame payload: varints, raw strings, typed data. The payload is whole,
/// so anything that runs past its end is malformed and raises <see cref="SpopException"/> with status 4.
/// </summary>
internal ref struct SpopReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public SpopReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool End => _position >= _buffer.Length;

    public readonly int Position => _position;

    public readonly ReadOnlySpan<byte> Remaining => _buffer[_position..];

    public byte ReadByte()
    {
        if ((uint)_position >= (uint)_buffer.Length)
        {
            ThrowHelper.ThrowInvalid("frame ends inside a structure");
        }

        return _buffer[_position++];
    }

    public ulong ReadVarint()
    {
        // Most varints on the wire (lengths of names and strings, small integers) are one byte.
        if ((uint)_position < (uint)_buffer.Length && _buffer[_position] < 240)
        {
            return _buffer[_position++];
        }

        return ReadLongVarint();
    }

    private ulong ReadLongVarint()
    {
        var status = Varint.Decode(_buffer[_position..], out var value, out var consumed);
        if (status != OperationStatus.Done)
        {
            ThrowHelper.ThrowInvalid(status == OperationStatus.NeedMoreData ? "frame ends inside a varint" : "varint longer than 10 bytes");
        }

        _position += consumed;
        return value;
    }

    /// <summary>A raw (untyped) string: varint length then bytes. Names, keys and variable names use it.</summary>
    public ReadOnlySpan<byte> ReadString() => ReadBytes(ReadVarint());

    public SpopValue ReadValue()
    {
        var typeByte = ReadByte();
        var type = (SpopDataType)(typeByte & 0x0F);
        switch (type)
        {
            case SpopDataType.Null:
                return default;
            case SpopDataType.Boolean:
                return SpopValue.FromBoolean((typeByte & 0x10) != 0);
            case SpopDataType.Int32:
            case SpopDataType.UInt32:
            case SpopDataType.Int64:
            case SpopDataType.UInt64:
                return new SpopValue(type, ReadVarint(), default);
            case SpopDataType.IPv4:
                return new SpopValue(type, 0, ReadBytes(4));
            case SpopDataType.IPv6:
                return new SpopValue(type, 0, ReadBytes(16));
            case SpopDataType.String:
            case SpopDataType.Binary:
                return new SpopValue(type, 0, ReadString());
            default:
                ThrowHelper.ThrowInvalid($"unknown data type {(int)type}");
                return default;
        }
    }

    private ReadOnlySpan<byte> ReadBytes(ulong length)
    {
        if (length > (ulong)(_buffer.Length - _position))
        {
            ThrowHelper.ThrowInvalid("length runs past the end of the frame");
        }

        var bytes = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }
}
