using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>
/// Hands a span's context to HAProxy as transaction-scope variables (HAProxy adds the SPOE <c>var-prefix</c>, so
/// <c>traceparent</c> becomes <c>txn.&lt;prefix&gt;.traceparent</c>): <c>traceparent</c>, <c>tracestate</c> and
/// <c>baggage</c> when non-empty, <c>trace_id</c>, <c>span_id</c>, <c>sampled</c>, and <c>b3</c> / <c>uber_trace_id</c>
/// when those formats are enabled. Written on the stack: no allocation.
/// </summary>
internal static class ContextInjector
{
    public static ReadOnlySpan<byte> SampledVar => "sampled"u8;

    public static void Write(ref ActionWriter actions, in RemoteContext context, scoped ReadOnlySpan<byte> traceState,
        scoped ReadOnlySpan<byte> baggage, Propagators enabled)
    {
        Span<byte> text = stackalloc byte[TraceContextFormat.TraceParentLength];
        TraceContextFormat.WriteTraceParent(context, text);
        actions.SetVar(VarScope.Transaction, "traceparent"u8, SpopValue.FromString(text));
        if (!traceState.IsEmpty)
        {
            actions.SetVar(VarScope.Transaction, "tracestate"u8, SpopValue.FromString(traceState));
        }

        if (!baggage.IsEmpty)
        {
            actions.SetVar(VarScope.Transaction, "baggage"u8, SpopValue.FromString(baggage));
        }

        // trace_id and span_id are the middle fields of the traceparent just written.
        actions.SetVar(VarScope.Transaction, "trace_id"u8, SpopValue.FromString(text.Slice(3, 32)));
        actions.SetVar(VarScope.Transaction, "span_id"u8, SpopValue.FromString(text.Slice(36, 16)));
        actions.SetVar(VarScope.Transaction, SampledVar, SpopValue.FromBoolean(context.Sampled));
        if ((enabled & (Propagators.B3 | Propagators.B3Multi)) != 0)
        {
            Span<byte> b3 = stackalloc byte[B3Format.SingleLength];
            B3Format.WriteSingle(context, b3);
            actions.SetVar(VarScope.Transaction, "b3"u8, SpopValue.FromString(b3));
        }

        if ((enabled & Propagators.Jaeger) != 0)
        {
            Span<byte> uber = stackalloc byte[JaegerFormat.Length];
            JaegerFormat.Write(context, uber);
            actions.SetVar(VarScope.Transaction, "uber_trace_id"u8, SpopValue.FromString(uber));
        }
    }
}
