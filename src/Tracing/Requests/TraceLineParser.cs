using System.Buffers.Text;
using System.Text;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// Reads one trace line (<see cref="TraceLineFormat"/>) into a <see cref="RequestRecord"/>, or says why not. Never
/// throws on input; allocates only the strings the record keeps, and the low-cardinality ones (method, scheme,
/// version, frontend, backend, server, its address, termination state, attribute names) come from a bounded intern
/// cache. Thread-safe: one parser serves every receive loop.
/// </summary>
internal sealed partial class TraceLineParser
{
    private readonly NameCache _names = new();

    /// <summary>Fills <paramref name="record"/> (reset first) from <paramref name="line"/>; <see cref="TraceLineError.None"/>
    /// when it is a whole, valid line. On any other answer the record's content is meaningless.</summary>
    public TraceLineError Parse(ReadOnlySpan<byte> line, RequestRecord record)
    {
        record.Reset();
        line = line.TrimEnd(" \r\n"u8);
        if (!line.StartsWith(TraceLineFormat.VersionPrefix))
        {
            return TraceLineError.NotATraceLine;
        }

        var rest = line[TraceLineFormat.VersionPrefix.Length..];
        var space = rest.IndexOf((byte)' ');
        if (space < 0)
        {
            return rest.SequenceEqual(TraceLineFormat.Version1) || rest.IsEmpty ? TraceLineError.Truncated : TraceLineError.UnknownVersion;
        }

        if (!rest[..space].SequenceEqual(TraceLineFormat.Version1))
        {
            return TraceLineError.UnknownVersion;
        }

        var state = new LineState();
        var error = ReadPairs(rest[(space + 1)..], record, ref state);
        if (error != TraceLineError.None)
        {
            return error;
        }

        if (state.NoContext)
        {
            return TraceLineError.NoContext;
        }

        if ((state.Seen & TraceLineFormat.RequiredKeys) != TraceLineFormat.RequiredKeys)
        {
            return TraceLineError.MissingKey;
        }

        return state.Unsampled ? TraceLineError.Unsampled : TraceLineError.None;
    }

    private TraceLineError ReadPairs(ReadOnlySpan<byte> rest, RequestRecord record, ref LineState state)
    {
        var expected = 0;
        while (true)
        {
            if (rest.SequenceEqual(TraceLineFormat.EndToken))
            {
                return TraceLineError.None;
            }

            var equals = rest.IndexOfAny((byte)'=', (byte)' ');
            if (equals < 0)
            {
                return TraceLineError.Truncated;
            }

            var key = rest[..equals];
            if (rest[equals] == (byte)' ' || !IsKey(key))
            {
                return TraceLineError.Malformed;
            }

            rest = rest[(equals + 1)..];
            var error = TakeValue(ref rest, out var value, out var quoted);
            if (error != TraceLineError.None)
            {
                return error;
            }

            var index = TraceLineFormat.Find(key, expected);
            if (index >= 0)
            {
                var bit = 1UL << index;
                if ((state.Given & bit) != 0)
                {
                    return TraceLineError.Malformed;
                }

                state.Given |= bit;
                error = Assign((RequestField)index, value, quoted, record, ref state);
                expected = index + 1;
            }
            else if (key.StartsWith(TraceLineFormat.AttributePrefix) && key.Length > TraceLineFormat.AttributePrefix.Length)
            {
                error = AddAttribute(key[TraceLineFormat.AttributePrefix.Length..], value, quoted, record);
            }
            else if (quoted && !JsonString.TryDecode(value, out _))
            {
                // An unknown key is skipped, but only once it is known to be a well-formed value.
                error = TraceLineError.BadQuoting;
            }

            if (error != TraceLineError.None)
            {
                return error;
            }
        }
    }

    /// <summary>Cuts one value and the space after it off <paramref name="rest"/>: a quoted one (returned without
    /// its quotes, still escaped) or a bare token.</summary>
    private static TraceLineError TakeValue(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> value, out bool quoted)
    {
        value = default;
        quoted = !rest.IsEmpty && rest[0] == (byte)'"';
        int end;
        if (quoted)
        {
            var inside = JsonString.ScanToClosingQuote(rest[1..]);
            if (inside < 0)
            {
                return TraceLineError.Truncated;
            }

            value = rest.Slice(1, inside);
            end = inside + 2;
        }
        else
        {
            end = rest.IndexOf((byte)' ');
            if (end < 0)
            {
                return TraceLineError.Truncated;
            }

            value = rest[..end];
        }

        if (end >= rest.Length)
        {
            return TraceLineError.Truncated;
        }

        if (rest[end] != (byte)' ')
        {
            return quoted ? TraceLineError.BadQuoting : TraceLineError.Malformed;
        }

        rest = rest[(end + 1)..];
        return TraceLineError.None;
    }

    private static bool IsKey(ReadOnlySpan<byte> key) =>
        !key.IsEmpty && key.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"u8) < 0;

    private static bool IsAbsent(ReadOnlySpan<byte> value, bool quoted) => !quoted && value.Length == 1 && value[0] == (byte)'-';

    private TraceLineError AddAttribute(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool quoted, RequestRecord record)
    {
        if (IsAbsent(value, quoted))
        {
            return TraceLineError.None;
        }

        var key = _names.Get(name).Name;
        if (!quoted && Utf8Parser.TryParse(value, out long number, out var consumed) && consumed == value.Length)
        {
            record.ExtraAttributes.Add(new SpanAttribute(key, number));
            return TraceLineError.None;
        }

        if (!TryText(value, quoted, out var text))
        {
            return TraceLineError.BadQuoting;
        }

        record.ExtraAttributes.Add(new SpanAttribute(key, text ?? string.Empty));
        return TraceLineError.None;
    }

    /// <summary>A text value: decoded when quoted, the token's UTF-8 when bare; null when absent or empty.</summary>
    private static bool TryText(ReadOnlySpan<byte> value, bool quoted, out string? text)
    {
        text = null;
        if (quoted)
        {
            if (!JsonString.TryDecode(value, out var decoded))
            {
                return false;
            }

            text = decoded.Length == 0 ? null : decoded;
            return true;
        }

        if (!IsAbsent(value, quoted) && !value.IsEmpty)
        {
            text = Encoding.UTF8.GetString(value);
        }

        return true;
    }

    /// <summary>A name from a short list (proxy, server, method…): bare ones come from the intern cache.</summary>
    private bool TryName(ReadOnlySpan<byte> value, bool quoted, out string? name)
    {
        if (quoted)
        {
            return TryText(value, quoted, out name);
        }

        name = IsAbsent(value, quoted) || value.IsEmpty ? null : _names.Get(value).Name;
        return true;
    }

    private struct LineState
    {
        /// <summary>Keys with a value (not <c>-</c>), by <see cref="RequestField"/> bit.</summary>
        public ulong Seen;

        /// <summary>Keys that were there at all, <c>-</c> included: a key twice is malformed.</summary>
        public ulong Given;

        public bool NoContext;

        public bool Unsampled;
    }
}
