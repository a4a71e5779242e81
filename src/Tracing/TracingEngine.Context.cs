using System.Runtime.InteropServices;
using System.IO.Hashing;
using System.Text;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Spans;


namespace SpoaOpenTracing.Tracing;

/// <summary>Where a trace begins (extraction, require-context, sampling, rate limit) and what is handed back to
/// HAProxy (inject).</summary>
public sealed partial class TracingEngine
{
    /// <summary>
    /// Decides, once per trace, whether it is recorded: extraction of the incoming context, <c>require-context</c>, the
    /// sampler, the rate limiter. A trace that is not recorded keeps no state: the ACK gets <c>sampled=false</c> (and,
    /// with <c>inject=</c>, an unsampled context for the downstream) and nothing else happens.
    /// </summary>
    private OpenTrace? TryStart(scoped ReadOnlySpan<char> key, ref MessageOptions options, ref ActionWriter actions, DateTime now)
    {
        var result = ContextExtractor.Extract(options.Headers, _options.Propagators, out var remote);
        if (result == ExtractResult.Invalid)
        {
            Metrics.InvalidContext();
        }

        var hasParent = result == ExtractResult.Valid;
        ulong high, low;
        if (hasParent)
        {
            (high, low) = (remote.TraceHigh, remote.TraceLow);
        }
        else
        {
            (high, low) = DeriveTraceId(key);
        }

        bool sampled;
        if (!hasParent && (options.RequireContext || _options.RequireContext))
        {
            Metrics.ContextRequired();
            sampled = false;
        }
        else
        {
            sampled = _sampler.Decide(hasParent, remote.Sampled, high);
            if (sampled && !_sampler.Admit())
            {
                Metrics.TraceRateLimited();
                sampled = false;
            }
        }

        if (!sampled)
        {
            Metrics.TraceSampledOut();
            WriteUnsampled(ref actions, ref options, new RemoteContext(high, low, IdGenerator.NewSpanId().Value, false), result);
            return null;
        }

        var trace = _table.GetOrCreate(key, now, Origin(ref options, result, remote, high, low), out var refused);
        if (trace is null)
        {
            Metrics.SpanDropped();
            Metrics.MessageError();
            if (refused && _traceCapLog.TryEnter(out var suppressed))
            {
                TracingLog.TraceRefused(_logger, _options.MaxOpenTraces, suppressed);
            }

            return null;
        }

        if (hasParent)
        {
            Metrics.ContextExtracted();
        }

        return trace;
    }

    private TraceOrigin Origin(ref MessageOptions options, ExtractResult result, in RemoteContext remote, ulong high, ulong low)
    {
        var parent = default(SpanId);
        string? traceState = null;
        if (result == ExtractResult.Valid)
        {
            parent = remote.ToSpanId();
            var state = ContextExtractor.TraceStateFor(options.Headers, _options.Propagators, result);
            traceState = state.IsEmpty ? null : Encoding.ASCII.GetString(state);
        }

        KeyValuePair<string, string>[] baggage = [];
        if ((_options.Propagators & Propagators.Baggage) != 0 && !options.Headers.Baggage.IsEmpty)
        {
            baggage = BaggageFormat.Parse(options.Headers.Baggage, out var skipped);
            Metrics.ArgumentError(skipped);
        }

        return new TraceOrigin(new TraceId(high, low), parent, traceState, baggage);
    }

    /// <summary>The unsampled answer: the decision, and with <c>inject=</c> a context whose flag says "not sampled",
    /// incoming tracestate and baggage passed on as they came. Written from the stack, without allocation.</summary>
    private void WriteUnsampled(ref ActionWriter actions, ref MessageOptions options, in RemoteContext context, ExtractResult result)
    {
        if (!options.HasInject)
        {
            actions.SetVar(VarScope.Transaction, ContextInjector.SampledVar, SpopValue.FromBoolean(false));
            return;
        }

        var traceState = ContextExtractor.TraceStateFor(options.Headers, _options.Propagators, result);
        var baggage = (_options.Propagators & Propagators.Baggage) != 0 && options.Headers.Baggage.Length <= BaggageFormat.MaxLength
            ? options.Headers.Baggage
            : default;
        ContextInjector.Write(ref actions, context, traceState, baggage, _options.Propagators);
    }

    /// <summary>
    /// The trace id of a trace that starts here: a seeded hash of its <c>id</c> value (the seed is random per engine), so
    /// a later message of the same request gets the same id and the same ratio decision, even when the trace was
    /// sampled out and nothing was kept.
    /// </summary>
    /// <remarks>XXH128 rather than a MAC: the ids only need to be repeatable here and well spread for the ratio
    /// sampler, and HMAC-SHA256 through OpenSSL cost about 3 % of the agent's CPU per request (BENCHMARKS.md).</remarks>
    private (ulong High, ulong Low) DeriveTraceId(scoped ReadOnlySpan<char> key)
    {
        var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key), _traceIdSeed);
        var high = (ulong)(hash >> 64);
        var low = (ulong)hash;
        return (high, low == 0 && high == 0 ? 1 : low);
    }

    /// <summary>Writes the context of the <c>inject=</c> span: its own id, the trace's tracestate, the span's baggage.</summary>
    private void Inject(OpenTrace trace, ref MessageOptions options, ref ActionWriter actions, in SpopMessage message)
    {
        var span = trace.Find(options.Inject);
        if (span is null)
        {
            Metrics.ArgumentError();
            Metrics.InvalidReference();
            if (_argumentLog.TryEnter(out var suppressed))
            {
                TracingLog.ArgumentRefused(_logger, LogText.Bounded(message.Name),
                    $"inject='{Encoding.UTF8.GetString(options.Inject)}': not an open span of this trace", suppressed);
            }

            actions.SetVar(VarScope.Transaction, ContextInjector.SampledVar, SpopValue.FromBoolean(true));
            return;
        }

        var context = RemoteContext.From(trace.TraceId, span.SpanId, true);
        var traceState = trace.TraceState is { Length: > 0 } state ? Encoding.ASCII.GetBytes(state) : [];
        var baggage = BaggageFormat.Write(span.Baggage) is { } header ? Encoding.ASCII.GetBytes(header) : [];
        ContextInjector.Write(ref actions, context, traceState, baggage, _options.Propagators);
    }
}
