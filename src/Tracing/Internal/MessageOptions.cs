using System.Buffers.Text;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Propagation;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// The arguments that apply to a message as a whole wherever they stand: incoming context headers, event times,
/// <c>inject=</c> and <c>require-context=</c>. Read in a first pass over the arguments, before the trace is looked up,
/// because they decide whether a trace starts at all; views only, nothing is copied.
/// </summary>
internal ref struct MessageOptions
{
    public IncomingHeaders Headers;

    /// <summary><c>ts=</c>, <c>start-ts=</c>, <c>finish-ts=</c> as UTC times; null when not given (or refused).</summary>
    public DateTime? Time;
    public DateTime? StartTime;
    public DateTime? FinishTime;

    public ReadOnlySpan<byte> Inject;
    public bool HasInject;
    public bool RequireContext;

    /// <summary>Why the first refused option was refused (the others are only counted).</summary>
    public string? Error;
    public int ErrorCount;

    // Microseconds from the epoch to DateTime.MaxValue: larger values cannot be times.
    private const long MaxMicroseconds = (3155378975999999999L - 621355968000000000L) / 10;

    /// <summary>True when the argument is one of the message-wide options (the span grammar skips it).</summary>
    public static bool IsOption(scoped in SpopArgument argument) => Kind(argument.Name) != OptionKind.None;

    public void Read(SpopMessage.ArgumentEnumerator arguments)
    {
        foreach (var argument in arguments)
        {
            ReadOne(argument);
        }
    }

    /// <summary>Takes <paramref name="argument"/> if it is a message-wide option; anything else is left alone.</summary>
    public void ReadOne(in SpopArgument argument)
    {
        var value = argument.Value;
        switch (Kind(argument.Name))
        {
            case OptionKind.TraceParent: Header(value, ref Headers.TraceParent, "traceparent"); break;
            case OptionKind.TraceState: Header(value, ref Headers.TraceState, "tracestate"); break;
            case OptionKind.BaggageHeader: Header(value, ref Headers.Baggage, "baggage-header"); break;
            case OptionKind.B3: Header(value, ref Headers.B3, "b3"); break;
            case OptionKind.B3TraceId: Header(value, ref Headers.B3TraceId, "x-b3-traceid"); break;
            case OptionKind.B3SpanId: Header(value, ref Headers.B3SpanId, "x-b3-spanid"); break;
            case OptionKind.B3Sampled: Header(value, ref Headers.B3Sampled, "x-b3-sampled"); break;
            case OptionKind.B3Flags: Header(value, ref Headers.B3Flags, "x-b3-flags"); break;
            case OptionKind.UberTraceId: Header(value, ref Headers.UberTraceId, "uber-trace-id"); break;
            case OptionKind.Ts: Time = Timestamp(value, "ts"); break;
            case OptionKind.StartTs: StartTime = Timestamp(value, "start-ts"); break;
            case OptionKind.FinishTs: FinishTime = Timestamp(value, "finish-ts"); break;
            case OptionKind.Inject:
                if (value.Type != SpopDataType.String || value.Bytes.IsEmpty)
                {
                    Refuse("inject= needs a non-empty string span name");
                    break;
                }

                Inject = value.Bytes;
                HasInject = true;
                break;
            case OptionKind.RequireContext:
                RequireContext = value.Type switch
                {
                    SpopDataType.Boolean => value.Boolean,
                    SpopDataType.Int32 or SpopDataType.Int64 or SpopDataType.UInt32 or SpopDataType.UInt64 => value.UInt64 != 0,
                    SpopDataType.String => value.Bytes.SequenceEqual("true"u8) || value.Bytes.SequenceEqual("1"u8),
                    _ => RequireContext,
                };
                break;
        }
    }

    private void Header(in SpopValue value, ref ReadOnlySpan<byte> field, string name)
    {
        // NULL: HAProxy could not fetch the header, i.e. the request has none.
        if (value.Type == SpopDataType.String)
        {
            field = value.Bytes;
        }
        else if (!value.IsNull)
        {
            Refuse(name + "= needs a string value (use req.hdr(...))");
        }
    }

    private DateTime? Timestamp(scoped in SpopValue value, string name)
    {
        long micros;
        switch (value.Type)
        {
            case SpopDataType.Null:
                return null;
            case SpopDataType.Int32 or SpopDataType.Int64 or SpopDataType.UInt32:
                micros = value.Int64;
                break;
            case SpopDataType.UInt64:
                micros = value.UInt64 > long.MaxValue ? -1 : value.Int64;
                break;
            case SpopDataType.String:
                if (!Utf8Parser.TryParse(value.Bytes, out micros, out var consumed) || consumed != value.Bytes.Length)
                {
                    micros = -1;
                }

                break;
            default:
                micros = -1;
                break;
        }

        if (micros <= 0 || micros > MaxMicroseconds)
        {
            Refuse(name + "= needs microseconds since the epoch, e.g. date(0,us)");
            return null;
        }

        return DateTime.UnixEpoch.AddTicks(micros * 10);
    }

    private void Refuse(string reason)
    {
        Error ??= reason;
        ErrorCount++;
    }

    private static OptionKind Kind(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("ts"u8) => OptionKind.Ts,
        2 when name.SequenceEqual("b3"u8) => OptionKind.B3,
        6 when name.SequenceEqual("inject"u8) => OptionKind.Inject,
        8 when name.SequenceEqual("start-ts"u8) => OptionKind.StartTs,
        9 when name.SequenceEqual("finish-ts"u8) => OptionKind.FinishTs,
        10 when name.SequenceEqual("tracestate"u8) => OptionKind.TraceState,
        10 when name.SequenceEqual("x-b3-flags"u8) => OptionKind.B3Flags,
        11 when name.SequenceEqual("traceparent"u8) => OptionKind.TraceParent,
        11 when name.SequenceEqual("x-b3-spanid"u8) => OptionKind.B3SpanId,
        12 when name.SequenceEqual("x-b3-traceid"u8) => OptionKind.B3TraceId,
        12 when name.SequenceEqual("x-b3-sampled"u8) => OptionKind.B3Sampled,
        13 when name.SequenceEqual("uber-trace-id"u8) => OptionKind.UberTraceId,
        14 when name.SequenceEqual("baggage-header"u8) => OptionKind.BaggageHeader,
        15 when name.SequenceEqual("require-context"u8) => OptionKind.RequireContext,
        // Accepted and ignored: B3 parents are optional and a new child has its own.
        17 when name.SequenceEqual("x-b3-parentspanid"u8) => OptionKind.Ignored,
        _ => OptionKind.None,
    };

    private enum OptionKind : byte
    {
        None,
        Ignored,
        TraceParent,
        TraceState,
        BaggageHeader,
        B3,
        B3TraceId,
        B3SpanId,
        B3Sampled,
        B3Flags,
        UberTraceId,
        Ts,
        StartTs,
        FinishTs,
        Inject,
        RequireContext,
    }
}
