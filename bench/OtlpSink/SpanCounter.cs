namespace SpoaOpenTracing.Bench.OtlpSink;

/// <summary>
/// Counts the spans of an OTLP <c>ExportTraceServiceRequest</c> without materialising or copying it: only the three
/// length-delimited levels that lead to a span are entered, everything else is skipped.
/// <code>
/// ExportTraceServiceRequest.resource_spans = 1 → ResourceSpans.scope_spans = 2 → ScopeSpans.spans = 2
/// </code>
/// </summary>
/// <remarks>The sink shares a core with the load generator in the benchmarks, so what it spends per span is taken
/// from the measurement: no allocation, no copy (BENCHMARKS.md, spop-load).</remarks>
internal static class SpanCounter
{
    private const ulong ResourceSpansTag = (1 << 3) | 2;
    private const ulong ScopeSpansTag = (2 << 3) | 2;
    private const ulong SpansTag = (2 << 3) | 2;

    public static long Count(ReadOnlySpan<byte> request)
    {
        long spans = 0;
        var resources = new ProtobufFields(request);
        while (resources.Next(ResourceSpansTag, out var resource))
        {
            var scopes = new ProtobufFields(resource);
            while (scopes.Next(ScopeSpansTag, out var scope))
            {
                var fields = new ProtobufFields(scope);
                while (fields.Next(SpansTag, out _))
                {
                    spans++;
                }
            }
        }

        return spans;
    }

    /// <summary>Walks the fields of one protobuf message, stopping at each length-delimited field with a given tag.</summary>
    private ref struct ProtobufFields
    {
        private ReadOnlySpan<byte> _rest;

        public ProtobufFields(ReadOnlySpan<byte> message) => _rest = message;

        public bool Next(ulong wantedTag, out ReadOnlySpan<byte> field)
        {
            while (!_rest.IsEmpty)
            {
                var tag = ReadVarint();
                switch (tag & 7)
                {
                    case 0:
                        ReadVarint();
                        break;
                    case 1:
                        Take(8);
                        break;
                    case 5:
                        Take(4);
                        break;
                    case 2:
                        var value = Take(ReadVarint());
                        if (tag == wantedTag)
                        {
                            field = value;
                            return true;
                        }

                        break;
                    default:
                        throw new InvalidDataException($"protobuf wire type {tag & 7} is not used by OTLP");
                }
            }

            field = default;
            return false;
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_rest.IsEmpty)
                {
                    break;
                }

                var b = _rest[0];
                _rest = _rest[1..];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException("truncated or overlong protobuf varint");
        }

        private ReadOnlySpan<byte> Take(ulong length)
        {
            if (length > (ulong)_rest.Length)
            {
                throw new InvalidDataException("protobuf field runs past the end of its message");
            }

            var taken = _rest[..(int)length];
            _rest = _rest[(int)length..];
            return taken;
        }
    }
}
