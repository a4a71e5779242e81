namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>
/// Zipkin B3. Single header: <c>b3: {trace-id}-{span-id}[-{sampling}[-{parent-span-id}]]</c>, where the trace id has
/// 16 or 32 hex digits, the span ids 16, and sampling is <c>1</c>, <c>0</c> or <c>d</c> (debug, which implies sampled).
/// Multiple headers: <c>X-B3-TraceId</c>, <c>X-B3-SpanId</c>, <c>X-B3-Sampled</c> (<c>1</c>/<c>0</c>, legacy
/// <c>true</c>/<c>false</c>), <c>X-B3-Flags: 1</c> (debug). A missing sampling state reads as not sampled, as
/// OpenTelemetry's B3 propagator does. A lone <c>b3: 0</c> (a decision without ids) carries no context.
/// </summary>
internal static class B3Format
{
    /// <summary>Length of what <see cref="WriteSingle"/> writes: 32 + 1 + 16 + 2.</summary>
    public const int SingleLength = 51;

    public static bool TryParseSingle(ReadOnlySpan<byte> text, out RemoteContext context)
    {
        context = default;
        var dash = text.IndexOf((byte)'-');
        if (dash is not (16 or 32))
        {
            return false;
        }

        var rest = text[(dash + 1)..];
        var spanEnd = rest.IndexOf((byte)'-');
        var spanText = spanEnd < 0 ? rest : rest[..spanEnd];
        if (spanText.Length != 16 || !Hex.TryParseTraceId(text[..dash], false, out var high, out var low)
            || !Hex.TryParse(spanText, false, out var span))
        {
            return false;
        }

        var sampled = false;
        if (spanEnd >= 0)
        {
            rest = rest[(spanEnd + 1)..];
            var samplingEnd = rest.IndexOf((byte)'-');
            var sampling = samplingEnd < 0 ? rest : rest[..samplingEnd];
            if (sampling.Length != 1 || sampling[0] is not ((byte)'0' or (byte)'1' or (byte)'d'))
            {
                return false;
            }

            sampled = sampling[0] != '0';
            if (samplingEnd >= 0 && (rest.Length - samplingEnd - 1 != 16 || !Hex.TryParse(rest[(samplingEnd + 1)..], false, out _)))
            {
                return false;
            }
        }

        context = new RemoteContext(high, low, span, sampled);
        return context.IsValid;
    }

    public static bool TryParseMulti(ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId, ReadOnlySpan<byte> sampled,
        ReadOnlySpan<byte> flags, out RemoteContext context)
    {
        context = default;
        if (traceId.Length is not (16 or 32) || spanId.Length != 16
            || !Hex.TryParseTraceId(traceId, false, out var high, out var low) || !Hex.TryParse(spanId, false, out var span))
        {
            return false;
        }

        bool isSampled;
        if (flags.SequenceEqual("1"u8))
        {
            isSampled = true;
        }
        else if (!flags.IsEmpty && !flags.SequenceEqual("0"u8))
        {
            return false;
        }
        else if (sampled.IsEmpty || sampled.SequenceEqual("0"u8) || sampled.SequenceEqual("false"u8))
        {
            isSampled = false;
        }
        else if (sampled.SequenceEqual("1"u8) || sampled.SequenceEqual("true"u8))
        {
            isSampled = true;
        }
        else
        {
            return false;
        }

        context = new RemoteContext(high, low, span, isSampled);
        return context.IsValid;
    }

    /// <summary>Writes <c>{32 hex trace id}-{16 hex span id}-{1|0}</c>.</summary>
    public static void WriteSingle(in RemoteContext context, Span<byte> destination)
    {
        context.WriteHexIds(destination, (byte)'-');
        destination[RemoteContext.HexIdsLength] = (byte)'-';
        destination[RemoteContext.HexIdsLength + 1] = context.Sampled ? (byte)'1' : (byte)'0';
    }
}
