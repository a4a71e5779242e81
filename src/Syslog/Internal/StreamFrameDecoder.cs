using System.Buffers;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// Cuts a TCP byte stream into syslog frames without copying them (RFC 6587 section 3.4). The first byte picks the
/// framing for the whole connection: a digit means octet counting, <c>&lt;</c> LF-terminated lines.
/// <code>
/// octet counting   MSG-LEN SP SYSLOG-MSG      MSG-LEN = NONZERO-DIGIT *DIGIT (at most 9 digits here)
/// LF-terminated    SYSLOG-MSG LF
/// </code>
/// A frame over the limit is reported once and then skipped as its bytes arrive (its announced length, or up to the
/// next LF), so the next frame is read normally. One decoder per connection: it keeps the framing and the skip state.
/// </summary>
internal struct StreamFrameDecoder
{
    private const int MaxLengthDigits = 9;

    private readonly int _maxFrameBytes;
    private StreamFraming _framing;
    private long _skipBytes;
    private bool _skipLine;

    public StreamFrameDecoder(int maxFrameBytes)
    {
        _maxFrameBytes = maxFrameBytes;
    }

    public readonly StreamFraming Framing => _framing;

    /// <summary>
    /// Slices the next frame off <paramref name="buffer"/> (LF excluded), or consumes the bytes of a frame being
    /// skipped. On <see cref="StreamFrameResult.NeedMore"/> the bytes of an incomplete frame stay in the buffer.
    /// </summary>
    public StreamFrameResult TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (_skipBytes > 0)
        {
            var skipped = Math.Min(_skipBytes, buffer.Length);
            buffer = buffer.Slice(skipped);
            _skipBytes -= skipped;
            if (_skipBytes > 0)
            {
                return StreamFrameResult.NeedMore;
            }
        }

        if (buffer.IsEmpty)
        {
            return StreamFrameResult.NeedMore;
        }

        if (_framing == StreamFraming.Undetected)
        {
            var first = buffer.FirstSpan[0];
            _framing = first == (byte)'<' ? StreamFraming.LineFeed
                : SyslogHeader.IsDigit(first) ? StreamFraming.OctetCounting
                : StreamFraming.Undetected;
            if (_framing == StreamFraming.Undetected)
            {
                return StreamFrameResult.BadFraming;
            }
        }

        return _framing == StreamFraming.OctetCounting ? TryReadCounted(ref buffer, out frame) : TryReadLine(ref buffer, out frame);
    }

    private StreamFrameResult TryReadCounted(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        var reader = new SequenceReader<byte>(buffer);
        long length = 0;
        var digits = 0;
        while (true)
        {
            if (!reader.TryRead(out var b))
            {
                return StreamFrameResult.NeedMore;
            }

            if (b == (byte)' ' && digits > 0)
            {
                break;
            }

            if (!SyslogHeader.IsDigit(b) || (digits == 0 && b == (byte)'0') || ++digits > MaxLengthDigits)
            {
                return StreamFrameResult.BadFraming;
            }

            length = (length * 10) + (b - '0');
        }

        if (length > _maxFrameBytes)
        {
            // Checked before the body arrives: an oversized frame is never buffered.
            buffer = buffer.Slice(reader.Position);
            _skipBytes = length;
            return StreamFrameResult.Oversized;
        }

        if (reader.Remaining < length)
        {
            return StreamFrameResult.NeedMore;
        }

        frame = buffer.Slice(reader.Position, length);
        buffer = buffer.Slice(frame.End);
        return StreamFrameResult.Frame;
    }

    private StreamFrameResult TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        var lineFeed = buffer.PositionOf((byte)'\n');
        if (_skipLine)
        {
            // The rest of an oversized line: drop it up to its LF, then read on.
            if (lineFeed is not { } skipEnd)
            {
                buffer = buffer.Slice(buffer.End);
                return StreamFrameResult.NeedMore;
            }

            buffer = buffer.Slice(buffer.GetPosition(1, skipEnd));
            _skipLine = false;
            lineFeed = buffer.PositionOf((byte)'\n');
        }

        if (lineFeed is not { } end)
        {
            if (buffer.Length <= _maxFrameBytes)
            {
                return StreamFrameResult.NeedMore;
            }

            buffer = buffer.Slice(buffer.End);
            _skipLine = true;
            return StreamFrameResult.Oversized;
        }

        var line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        if (line.Length > _maxFrameBytes)
        {
            return StreamFrameResult.Oversized;
        }

        frame = line;
        return StreamFrameResult.Frame;
    }
}
