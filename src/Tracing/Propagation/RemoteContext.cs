using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>A span context as the wire formats carry it: a 128-bit trace id (64-bit ids have a zero high half), a
/// 64-bit span id and the sampled flag. Plain numbers, so extracting and deciding costs no allocation.</summary>
internal readonly record struct RemoteContext(ulong TraceHigh, ulong TraceLow, ulong SpanId, bool Sampled)
{
    /// <summary>Both ids non-zero: all-zero ids are invalid in every format we read.</summary>
    public bool IsValid => (TraceHigh | TraceLow) != 0 && SpanId != 0;

    public static RemoteContext From(TraceId traceId, SpanId spanId, bool sampled) => new(traceId.High, traceId.Low, spanId.Value, sampled);

    /// <summary>Length of <see cref="WriteHexIds"/>: 32 hex digits, the separator, 16 hex digits.</summary>
    public const int HexIdsLength = 49;

    /// <summary>Writes <c>{32 hex trace id}{separator}{16 hex span id}</c>, the part every header format shares.</summary>
    public void WriteHexIds(Span<byte> destination, byte separator)
    {
        Hex.Write(TraceHigh, destination);
        Hex.Write(TraceLow, destination[16..]);
        destination[32] = separator;
        Hex.Write(SpanId, destination[33..]);
    }

    public SpanId ToSpanId() => new(SpanId);
}
