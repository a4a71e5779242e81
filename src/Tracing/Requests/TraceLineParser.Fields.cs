using System.Buffers.Text;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>Each key's value into its field of the record.</summary>
internal sealed partial class TraceLineParser
{
    private const long MaxMicros = long.MaxValue / 1000;

    private TraceLineError Assign(RequestField key, ReadOnlySpan<byte> value, bool quoted, RequestRecord record, ref LineState state)
    {
        if (IsAbsent(value, quoted))
        {
            state.NoContext |= key == RequestField.TraceId;
            return TraceLineError.None;
        }

        state.Seen |= 1UL << (int)key;
        if (quoted && !IsText(key))
        {
            // Ids and numbers are bare tokens, never quoted.
            return key <= RequestField.ClientSpanId ? TraceLineError.BadId : TraceLineError.BadNumber;
        }

        switch (key)
        {
            case RequestField.TraceId:
                if (!TraceId.TryParse(value, out var traceId))
                {
                    return TraceLineError.BadId;
                }

                record.TraceId = traceId;
                return TraceLineError.None;
            case RequestField.ParentSpanId:
            case RequestField.ServerSpanId:
            case RequestField.ClientSpanId:
                return SetSpanId(key, value, record);
            case RequestField.Sampled:
                if (value.Length != 1 || value[0] is not ((byte)'0' or (byte)'1'))
                {
                    return TraceLineError.BadNumber;
                }

                state.Unsampled = value[0] == (byte)'0';
                return TraceLineError.None;
            case RequestField.TsStart:
            case RequestField.TsBackend:
            case RequestField.TsResponse:
            case RequestField.TsEnd:
                return SetTime(key, value, record);
            case RequestField.ClientPort:
            case RequestField.FrontendPort:
            case RequestField.ServerPort:
            case RequestField.Status:
                return SetSmallNumber(key, value, record);
            case RequestField.Retries:
                // %rc is written "+N" when the request was redispatched to another server.
                return SetNumber(key, value.Length > 1 && value[0] == (byte)'+' ? value[1..] : value, record);
            case RequestField.RequestMs:
            case RequestField.QueueMs:
            case RequestField.ConnectMs:
            case RequestField.ResponseMs:
            case RequestField.ActiveMs:
            case RequestField.BytesIn:
            case RequestField.BytesOut:
                return SetNumber(key, value, record);
            default:
                return SetText(key, value, quoted, record);
        }
    }

    private static TraceLineError SetSpanId(RequestField key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        if (!SpanId.TryParse(value, out var id))
        {
            return TraceLineError.BadId;
        }

        switch (key)
        {
            case RequestField.ParentSpanId: record.ParentSpanId = id; break;
            case RequestField.ServerSpanId: record.ServerSpanId = id; break;
            default: record.ClientSpanId = id; break;
        }

        return TraceLineError.None;
    }

    private static TraceLineError SetTime(RequestField key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        if (!TryInteger(value, out var micros) || micros is <= 0 or > MaxMicros)
        {
            return TraceLineError.BadNumber;
        }

        var nanos = micros * 1000;
        switch (key)
        {
            case RequestField.TsStart: record.StartUnixNano = nanos; break;
            case RequestField.TsBackend: record.BackendStartUnixNano = nanos; break;
            case RequestField.TsResponse: record.ResponseUnixNano = nanos; break;
            default: record.EndUnixNano = nanos; break;
        }

        return TraceLineError.None;
    }

    private static TraceLineError SetSmallNumber(RequestField key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        if (!TryInteger(value, out var number) || number is < 0 or > ushort.MaxValue)
        {
            return TraceLineError.BadNumber;
        }

        switch (key)
        {
            case RequestField.ClientPort: record.ClientPort = (int)number; break;
            case RequestField.FrontendPort: record.FrontendPort = (int)number; break;
            case RequestField.ServerPort: record.ServerPort = (int)number; break;
            default: record.StatusCode = (int)number; break;
        }

        return TraceLineError.None;
    }

    private static TraceLineError SetNumber(RequestField key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        // HAProxy writes -1 for a timer of a phase never reached; that is the record's "unknown" too.
        if (!TryInteger(value, out var number) || number < -1)
        {
            return TraceLineError.BadNumber;
        }

        switch (key)
        {
            case RequestField.Retries: record.Retries = (int)Math.Min(number, int.MaxValue); break;
            case RequestField.RequestMs: record.RequestMs = number; break;
            case RequestField.QueueMs: record.QueueMs = number; break;
            case RequestField.ConnectMs: record.ConnectMs = number; break;
            case RequestField.ResponseMs: record.ResponseMs = number; break;
            case RequestField.ActiveMs: record.ActiveMs = number; break;
            case RequestField.BytesIn: record.BytesIn = number; break;
            default: record.BytesOut = number; break;
        }

        return TraceLineError.None;
    }

    private TraceLineError SetText(RequestField key, ReadOnlySpan<byte> value, bool quoted, RequestRecord record)
    {
        string? text;
        var decoded = key switch
        {
            RequestField.Method or RequestField.Scheme or RequestField.Frontend or RequestField.Backend or RequestField.Server
                or RequestField.ServerAddress or RequestField.Termination => TryName(value, quoted, out text),
            // %HV writes "HTTP/1.1"; the record (and network.protocol.version) wants "1.1".
            RequestField.HttpVersion => TryName(value.StartsWith("HTTP/"u8) ? value[5..] : value, quoted, out text),
            _ => TryText(value, quoted, out text),
        };
        if (!decoded)
        {
            return TraceLineError.BadQuoting;
        }

        switch (key)
        {
            case RequestField.TraceState: record.TraceState = text; break;
            case RequestField.Method: record.Method = text; break;
            case RequestField.Scheme: record.Scheme = text; break;
            case RequestField.HttpVersion: record.ProtocolVersion = text; break;
            case RequestField.Host: record.Host = HostWithoutPort(text); break;
            case RequestField.Path: record.Path = text; break;
            case RequestField.Query: record.Query = text; break;
            case RequestField.UserAgent: record.UserAgent = text; break;
            case RequestField.ClientAddress: record.ClientAddress = text; break;
            case RequestField.Frontend: record.Frontend = text; break;
            case RequestField.Backend: record.Backend = text; break;
            case RequestField.Server: record.Server = text; break;
            case RequestField.ServerAddress: record.ServerAddress = text; break;
            default: record.TerminationState = text; break;
        }

        return TraceLineError.None;
    }

    private static bool IsText(RequestField key) => key is RequestField.TraceState or RequestField.Method or RequestField.Scheme
        or RequestField.HttpVersion or RequestField.Host or RequestField.Path or RequestField.Query or RequestField.UserAgent
        or RequestField.ClientAddress or RequestField.Frontend or RequestField.Backend or RequestField.Server
        or RequestField.ServerAddress or RequestField.Termination;

    private static bool TryInteger(ReadOnlySpan<byte> value, out long number) =>
        Utf8Parser.TryParse(value, out number, out var consumed) && consumed == value.Length && value.Length > 0;

    /// <summary>The Host header's name (<c>server.address</c>): <c>example.test:8080</c> → <c>example.test</c>,
    /// <c>[::1]:80</c> → <c>::1</c>.</summary>
    private static string? HostWithoutPort(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return host;
        }

        if (host[0] == '[')
        {
            var close = host.IndexOf(']');
            return close > 1 ? host[1..close] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && colon == host.IndexOf(':') && host.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0 ? host[..colon] : host;
    }
}
