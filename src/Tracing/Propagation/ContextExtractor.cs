namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>
/// Finds the remote parent among the headers of the enabled formats. When several are present the first valid one
/// wins, in this order: W3C traceparent, B3 single, B3 multi, Jaeger (fixed, whatever the order of
/// <c>OTEL_PROPAGATORS</c>; a request normally carries one format, and W3C is the standard). No allocation.
/// </summary>
internal static class ContextExtractor
{
    public static ExtractResult Extract(scoped in IncomingHeaders headers, Propagators enabled, out RemoteContext context)
    {
        context = default;
        var present = false;
        if ((enabled & Propagators.TraceContext) != 0 && !headers.TraceParent.IsEmpty)
        {
            present = true;
            if (TraceContextFormat.TryParseTraceParent(headers.TraceParent, out context))
            {
                return ExtractResult.Valid;
            }
        }

        if ((enabled & Propagators.B3) != 0 && !headers.B3.IsEmpty && !IsDecisionOnly(headers.B3))
        {
            present = true;
            if (B3Format.TryParseSingle(headers.B3, out context))
            {
                return ExtractResult.Valid;
            }
        }

        if ((enabled & Propagators.B3Multi) != 0 && (!headers.B3TraceId.IsEmpty || !headers.B3SpanId.IsEmpty))
        {
            present = true;
            if (B3Format.TryParseMulti(headers.B3TraceId, headers.B3SpanId, headers.B3Sampled, headers.B3Flags, out context))
            {
                return ExtractResult.Valid;
            }
        }

        if ((enabled & Propagators.Jaeger) != 0 && !headers.UberTraceId.IsEmpty)
        {
            present = true;
            if (JaegerFormat.TryParse(headers.UberTraceId, out context))
            {
                return ExtractResult.Valid;
            }
        }

        context = default;
        return present ? ExtractResult.Invalid : ExtractResult.Absent;
    }

    /// <summary>The tracestate that goes with a W3C parent, or empty (other formats have none; an invalid list is dropped).</summary>
    public static ReadOnlySpan<byte> TraceStateFor(in IncomingHeaders headers, Propagators enabled, ExtractResult result)
    {
        if (result != ExtractResult.Valid || (enabled & Propagators.TraceContext) == 0 || headers.TraceState.IsEmpty
            || !TraceContextFormat.TryParseTraceParent(headers.TraceParent, out _) || !TraceContextFormat.IsValidTraceState(headers.TraceState))
        {
            return default;
        }

        return headers.TraceState;
    }

    /// <summary><c>b3: 0</c>, <c>b3: 1</c>, <c>b3: d</c>: a sampling decision without ids, which carries no context.</summary>
    private static bool IsDecisionOnly(ReadOnlySpan<byte> b3) => b3.Length == 1;
}
