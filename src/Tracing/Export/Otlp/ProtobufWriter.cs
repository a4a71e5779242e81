using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SpoaOpenTracing.Tracing.Export.Otlp;

/// <summary>
/// Protobuf wire format into one growable array, reused from message to message. A nested message's length is not
/// known before its fields are written, so <see cref="BeginMessage"/> reserves a fixed number of bytes for it and
/// <see cref="EndMessage"/> fills them with a padded varint (<c>0x85 0x80 0x80 0x00</c> is 5): valid protobuf, as
/// OpenTelemetry .NET's own serializer writes, and it saves a sizing pass or moving the message afterwards. Field
/// methods skip proto3 default values (0, empty) as protoc's code does; the <c>Raw</c> ones always write, for a
/// <c>oneof</c> whose presence is the value.
/// </summary>
internal sealed class ProtobufWriter
{
    /// <summary>Room for any length below 2^28 (256 MiB), beyond what a collector accepts in one request.</summary>
    public const int LongLengthBytes = 4;

    private const int MaxLength = (1 << 28) - 1;

    private byte[] _buffer;
    private int _position;

    public ProtobufWriter(int initialCapacity = 64 * 1024)
    {
        _buffer = new byte[initialCapacity];
    }

    public int Position => _position;

    public int Capacity => _buffer.Length;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _position);

    /// <summary>Starts over in the same buffer.</summary>
    public void Reset() => _position = 0;

    public void WriteTag(int field, WireType type) => WriteVarint((uint)(field << 3) | (uint)type);

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        var buffer = _buffer;
        var position = _position;
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        _position = position;
    }

    public void WriteFixed32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void WriteVarintField(int field, ulong value)
    {
        if (value != 0)
        {
            WriteTag(field, WireType.Varint);
            WriteVarint(value);
        }
    }

    public void WriteFixed32Field(int field, uint value)
    {
        if (value != 0)
        {
            WriteTag(field, WireType.Fixed32);
            WriteFixed32(value);
        }
    }

    public void WriteFixed64Field(int field, ulong value)
    {
        if (value != 0)
        {
            WriteTag(field, WireType.Fixed64);
            WriteFixed64(value);
        }
    }

    public void WriteStringField(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            WriteStringRaw(field, value);
        }
    }

    public void WriteStringRaw(int field, string value)
    {
        WriteTag(field, WireType.Len);
        var bound = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (bound < 0x80)
        {
            // Short enough that the length takes one byte whatever the encoding: no counting pass.
            Ensure(1 + bound);
            var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position + 1));
            _buffer[_position] = (byte)written;
            _position += 1 + written;
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((uint)length);
        Ensure(length);
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>A length-delimited field whose content the caller writes into the returned span.</summary>
    public Span<byte> WriteBytesField(int field, int length)
    {
        WriteTag(field, WireType.Len);
        WriteVarint((uint)length);
        Ensure(length);
        var span = _buffer.AsSpan(_position, length);
        _position += length;
        return span;
    }

    /// <summary>Opens a nested message. <paramref name="lengthBytes"/> is 1 when the caller knows the content stays
    /// below 128 bytes, else <see cref="LongLengthBytes"/>.</summary>
    public LengthSlot BeginMessage(int field, int lengthBytes = LongLengthBytes)
    {
        WriteTag(field, WireType.Len);
        Ensure(lengthBytes);
        var slot = new LengthSlot(_position, lengthBytes);
        _position += lengthBytes;
        return slot;
    }

    public void EndMessage(LengthSlot slot)
    {
        var length = _position - slot.Position - slot.Width;
        if (length > MaxLength || (slot.Width < LongLengthBytes && length >= 1 << (7 * slot.Width)))
        {
            ThrowTooLong(length, slot.Width);
        }

        var buffer = _buffer;
        var last = slot.Position + slot.Width - 1;
        for (var i = slot.Position; i < last; i++)
        {
            buffer[i] = (byte)(length | 0x80);
            length >>= 7;
        }

        buffer[last] = (byte)length;
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        var needed = (long)_position + count;
        if (needed > MaxLength)
        {
            ThrowTooLong(needed, LongLengthBytes);
        }

        var size = Math.Min(Math.Max(needed, (long)_buffer.Length * 2), MaxLength);
        Array.Resize(ref _buffer, (int)size);
    }

    [DoesNotReturn]
    private static void ThrowTooLong(long length, int width) =>
        throw new InvalidOperationException($"A protobuf message of {length} bytes does not fit a {width}-byte length.");
}

/// <summary>Where a nested message's length goes, and how many bytes were reserved for it.</summary>
internal readonly record struct LengthSlot(int Position, int Width);

/// <summary>The protobuf wire types OTLP uses.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    Len = 2,
    Fixed32 = 5,
}
