using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// Reads the one-exchange request message (examples/spoe-oneshot.cfg: <c>trace-id=</c> first, then the other ids,
/// microsecond times and attributes as typed values) into a <see cref="RequestRecord"/>, in one pass over the
/// arguments. One instance per thread, reused, record included: nothing is allocated but the strings the record keeps,
/// and the low-cardinality ones (method, scheme, version, frontend, backend, server and its address, extra keys)
/// come from the engine's <see cref="NameCache"/>.
/// </summary>
/// <remarks>
/// A null value or an empty string is an absent argument (an unset HAProxy variable is null). The message fails as a
/// whole without a valid <c>trace-id</c>, <c>server-span-id</c> or <c>ts-start</c>, or with an invalid
/// <c>parent-span-id</c> or <c>client-span-id</c>: wrong ids would break the trace the server already continues. Any
/// other argument it cannot use (a value of the wrong type, an unknown name without a dot) is refused alone
/// (<see cref="ArgumentErrors"/>); an unknown name with a dot is an extra attribute of the SERVER span.
/// </remarks>
internal sealed class RequestMessageReader
{
    [ThreadStatic]
    private static RequestMessageReader? t_instance;

    public RequestRecord Record { get; } = new();

    /// <summary>Arguments refused on their own by the last <see cref="TryRead"/> (the record was still filled).</summary>
    public List<string> ArgumentErrors { get; } = new();

    public static RequestMessageReader ForCurrentThread() => t_instance ??= new RequestMessageReader();

    /// <summary>Whether a message is a one-exchange one: its first argument is <c>trace-id</c>.</summary>
    public static bool IsRequestMessage(in SpopArgument first) => first.NameEquals(RequestArgumentNames.First);

    /// <summary>Fills <see cref="Record"/> from <paramref name="arguments"/>; false, with the reason, when the message
    /// must be refused as a whole. Without <c>ts-end</c> the SERVER span ends at <paramref name="nowUnixNano"/>.</summary>
    public bool TryRead(SpopMessage.ArgumentEnumerator arguments, NameCache names, long nowUnixNano, [NotNullWhen(false)] out string? failure)
    {
        var record = Record;
        record.Reset();
        ArgumentErrors.Clear();
        foreach (var argument in arguments)
        {
            var value = argument.Value;
            if (value.IsNull || (value.Type == SpopDataType.String && value.Bytes.IsEmpty))
            {
                continue;
            }

            var field = RequestArgumentNames.Classify(argument.Name);
            if (!Read(field, argument, names, out failure))
            {
                return false;
            }
        }

        failure = Missing(record);
        if (failure is not null)
        {
            return false;
        }

        if (record.EndUnixNano == 0)
        {
            record.EndUnixNano = nowUnixNano;
        }

        return true;
    }

    private static string? Missing(RequestRecord record)
    {
        if (!record.TraceId.IsValid)
        {
            return "trace-id= missing: 32 lowercase hex digits, not all zero";
        }

        if (!record.ServerSpanId.IsValid)
        {
            return "server-span-id= missing: 16 lowercase hex digits, not all zero";
        }

        return record.StartUnixNano == 0 ? "ts-start= missing: microseconds since the epoch" : null;
    }

    /// <summary>One argument into its field; false (and the reason) when it fails the whole message.</summary>
    private bool Read(RequestField field, in SpopArgument argument, NameCache names, [NotNullWhen(false)] out string? failure)
    {
        failure = null;
        var record = Record;
        var value = argument.Value;
        switch (field)
        {
            case RequestField.TraceId:
                if (value.Type != SpopDataType.String || !TraceId.TryParse(value.Bytes, out var traceId))
                {
                    failure = "trace-id= is not 32 lowercase hex digits, not all zero";
                    return false;
                }

                record.TraceId = traceId;
                return true;
            case RequestField.ServerSpanId or RequestField.ParentSpanId or RequestField.ClientSpanId:
                return ReadSpanId(field, value, out failure);
            case RequestField.TsStart:
                if (!TryReadMicroseconds(value, out var start))
                {
                    failure = "ts-start= is not a positive number of microseconds";
                    return false;
                }

                record.StartUnixNano = start;
                return true;
            case RequestField.TraceState:
                record.TraceState = Text(argument, value, null);
                return true;
            case RequestField.TsBackend:
                record.BackendStartUnixNano = Microseconds(argument, value);
                return true;
            case RequestField.TsResponse:
                record.ResponseUnixNano = Microseconds(argument, value);
                return true;
            case RequestField.TsEnd:
                record.EndUnixNano = Microseconds(argument, value);
                return true;
            case RequestField.Method:
                record.Method = Text(argument, value, names);
                return true;
            case RequestField.Path:
                record.Path = Text(argument, value, null);
                return true;
            case RequestField.Query:
                record.Query = Text(argument, value, null);
                return true;
            case RequestField.Scheme:
                record.Scheme = Text(argument, value, names);
                return true;
            case RequestField.Host:
                record.Host = Text(argument, value, null);
                return true;
            case RequestField.HttpVersion:
                record.ProtocolVersion = Text(argument, value, names);
                return true;
            case RequestField.UserAgent:
                record.UserAgent = Text(argument, value, null);
                return true;
            case RequestField.Frontend:
                record.Frontend = Text(argument, value, names);
                return true;
            case RequestField.Backend:
                record.Backend = Text(argument, value, names);
                return true;
            case RequestField.Server:
                record.Server = Text(argument, value, names);
                return true;
            case RequestField.ClientAddress:
                record.ClientAddress = Address(argument, value, null);
                return true;
            case RequestField.ServerAddress:
                record.ServerAddress = Address(argument, value, names);
                return true;
            case RequestField.ClientPort:
                record.ClientPort = (int)Integer(argument, value, 0, int.MaxValue, 0);
                return true;
            case RequestField.FrontendPort:
                record.FrontendPort = (int)Integer(argument, value, 0, int.MaxValue, 0);
                return true;
            case RequestField.ServerPort:
                record.ServerPort = (int)Integer(argument, value, 0, int.MaxValue, 0);
                return true;
            case RequestField.Status:
                record.StatusCode = (int)Integer(argument, value, 0, int.MaxValue, 0);
                return true;
            case RequestField.Retries:
                record.Retries = (int)Integer(argument, value, 0, int.MaxValue, -1);
                return true;
            default:
                Extra(argument, value, names);
                return true;
        }
    }

    private bool ReadSpanId(RequestField field, in SpopValue value, [NotNullWhen(false)] out string? failure)
    {
        failure = null;
        if (value.Type == SpopDataType.String && SpanId.TryParse(value.Bytes, out var id))
        {
            switch (field)
            {
                case RequestField.ServerSpanId: Record.ServerSpanId = id; break;
                case RequestField.ParentSpanId: Record.ParentSpanId = id; break;
                default: Record.ClientSpanId = id; break;
            }

            return true;
        }

        failure = field switch
        {
            RequestField.ServerSpanId => "server-span-id=",
            RequestField.ParentSpanId => "parent-span-id=",
            _ => "client-span-id=",
        } + " is not 16 lowercase hex digits, not all zero";
        return false;
    }

    /// <summary>An argument that is not one of the message's own: a SERVER attribute when its name has a dot, with the
    /// value's type (the grammar's tag rule), else refused.</summary>
    private void Extra(in SpopArgument argument, in SpopValue value, NameCache names)
    {
        if (argument.Name.IndexOf((byte)'.') < 0)
        {
            Refuse(argument, argument.Name.IsEmpty ? "an unnamed argument" : "an unknown argument (attribute names have a dot)");
            return;
        }

        Record.ExtraAttributes.Add(new SpanAttribute(names.Get(argument.Name).Name, ValueText.TypedAttribute(value)));
    }

    private string? Text(in SpopArgument argument, in SpopValue value, NameCache? names)
    {
        if (value.Type != SpopDataType.String)
        {
            Refuse(argument, "not a string");
            return null;
        }

        return names is null ? Encoding.UTF8.GetString(value.Bytes) : names.Get(value.Bytes).Name;
    }

    private string? Address(in SpopArgument argument, in SpopValue value, NameCache? names)
    {
        switch (value.Type)
        {
            case SpopDataType.String:
                return Text(argument, value, names);
            case SpopDataType.IPv4 or SpopDataType.IPv6:
                break;
            default:
                Refuse(argument, "not an address or a string");
                return null;
        }

        Span<byte> text = stackalloc byte[ValueText.MaxAddressLength];
        var length = ValueText.FormatAddress(value, text);
        return names is null ? Encoding.ASCII.GetString(text[..length]) : names.Get(text[..length]).Name;
    }

    /// <summary>Microseconds since the epoch as unix nanoseconds; 0 (absent) when refused.</summary>
    private long Microseconds(in SpopArgument argument, in SpopValue value)
    {
        if (TryReadMicroseconds(value, out var nanoseconds))
        {
            return nanoseconds;
        }

        Refuse(argument, "not a positive number of microseconds");
        return 0;
    }

    private static bool TryReadMicroseconds(in SpopValue value, out long nanoseconds)
    {
        nanoseconds = 0;
        if (!TryReadInteger(value, out var microseconds) || microseconds <= 0 || microseconds > long.MaxValue / 1000)
        {
            return false;
        }

        nanoseconds = microseconds * 1000;
        return true;
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="absent"/> when refused.</summary>
    private long Integer(in SpopArgument argument, in SpopValue value, long min, long max, long absent)
    {
        if (TryReadInteger(value, out var number) && number >= min && number <= max)
        {
            return number;
        }

        Refuse(argument, $"not an integer from {min} to {max}");
        return absent;
    }

    /// <summary>Any SPOP integer that fits a long, or a string of decimal digits (a variable HAProxy kept as text).</summary>
    private static bool TryReadInteger(in SpopValue value, out long number)
    {
        switch (value.Type)
        {
            case SpopDataType.Int32 or SpopDataType.Int64 or SpopDataType.UInt32:
                number = value.Int64;
                return true;
            case SpopDataType.UInt64:
                number = value.Int64;
                return value.UInt64 <= long.MaxValue;
            case SpopDataType.String:
                return Utf8Parser.TryParse(value.Bytes, out number, out var consumed) && consumed == value.Bytes.Length;
            default:
                number = 0;
                return false;
        }
    }

    private void Refuse(in SpopArgument argument, string reason) =>
        ArgumentErrors.Add($"'{Encoding.UTF8.GetString(argument.Name)}': {reason}");
}
