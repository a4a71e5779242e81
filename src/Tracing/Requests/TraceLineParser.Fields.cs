using System.Buffers.Text;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>Each key's value into its field of the record.</summary>
internal sealed partial class TraceLineParser
{
    private const long MaxMicros = long.MaxValue / 1000;

    private TraceLineError Assign(TraceLineKey key, ReadOnlySpan<byte> value, bool quoted, RequestRecord record, ref LineState state)
    {
        if (IsAbsent(value, quoted))
        {
            state.NoContext |= key == TraceLineKey.TraceId;
            return TraceLineError.None;
        }

        state.Seen |= 1UL << (int)key;
        if (quoted && !IsText(key))
        {
            // Ids and numbers are bare tokens, never quoted.
            return key <= TraceLineKey.ClientSpanId ? TraceLineError.BadId : TraceLineError.BadNumber;
        }

        switch (key)
        {
            case TraceLineKey.TraceId:
                if (!TraceId.TryParse(value, out var traceId))
                {
                    return TraceLineError.BadId;
                }

                record.TraceId = traceId;
                return TraceLineError.None;
            case TraceLineKey.ParentSpanId:
            case TraceLineKey.ServerSpanId:
            case TraceLineKey.ClientSpanId:
                return SetSpanId(key, value, record);
            case TraceLineKey.Sampled:
                if (value.Length != 1 || value[0] is not ((byte)'0' or (byte)'1'))
                {
                    return TraceLineError.BadNumber;
                }

                state.Unsampled = value[0] == (byte)'0';
                return TraceLineError.None;
            case TraceLineKey.StartMicros:
            case TraceLineKey.BackendMicros:
            case TraceLineKey.ResponseMicros:
            case TraceLineKey.EndMicros:
                return SetTime(key, value, record);
            case TraceLineKey.ClientPort:
            case TraceLineKey.FrontendPort:
            case TraceLineKey.ServerPort:
            case TraceLineKey.Status:
                return SetSmallNumber(key, value, record);
            case TraceLineKey.Retries:
                // %rc is written "+N" when the request was redispatched to another server.
                return SetNumber(key, value.Length > 1 && value[0] == (byte)'+' ? value[1..] : value, record);
            case TraceLineKey.RequestMs:
            case TraceLineKey.QueueMs:
            case TraceLineKey.ConnectMs:
            case TraceLineKey.ResponseMs:
            case TraceLineKey.ActiveMs:
            case TraceLineKey.BytesIn:
            case TraceLineKey.BytesOut:
                return SetNumber(key, value, record);
            default:
                return SetText(key, value, quoted, record);
        }
    }

    private static TraceLineError SetSpanId(TraceLineKey key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        if (!SpanId.TryParse(value, out var id))
        {
            return TraceLineError.BadId;
        }

        switch (key)
        {
            case TraceLineKey.ParentSpanId: record.ParentSpanId = id; break;
            case TraceLineKey.ServerSpanId: record.ServerSpanId = id; break;
            default: record.ClientSpanId = id; break;
        }

        return TraceLineError.None;
    }

    private static TraceLineError SetTime(TraceLineKey key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        if (!TryInteger(value, out var micros) || micros is <= 0 or > MaxMicros)
        {
            return TraceLineError.BadNumber;
        }

        var nanos = micros * 1000;
        switch (key)
        {
            case TraceLineKey.StartMicros: record.StartUnixNano = nanos; break;
            case TraceLineKey.BackendMicros: record.BackendStartUnixNano = nanos; break;
            case TraceLineKey.ResponseMicros: record.ResponseUnixNano = nanos; break;
            default: record.EndUnixNano = nanos; break;
        }

        return TraceLineError.None;
    }

    private static TraceLineError SetSmallNumber(TraceLineKey key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        if (!TryInteger(value, out var number) || number is < 0 or > ushort.MaxValue)
        {
            return TraceLineError.BadNumber;
        }

        switch (key)
        {
            case TraceLineKey.ClientPort: record.ClientPort = (int)number; break;
            case TraceLineKey.FrontendPort: record.FrontendPort = (int)number; break;
            case TraceLineKey.ServerPort: record.ServerPort = (int)number; break;
            default: record.StatusCode = (int)number; break;
        }

        return TraceLineError.None;
    }

    private static TraceLineError SetNumber(TraceLineKey key, ReadOnlySpan<byte> value, RequestRecord record)
    {
        // HAProxy writes -1 for a timer of a phase never reached; that is the record's "unknown" too.
        if (!TryInteger(value, out var number) || number < -1)
        {
            return TraceLineError.BadNumber;
        }

        switch (key)
        {
            case TraceLineKey.Retries: record.Retries = (int)Math.Min(number, int.MaxValue); break;
            case TraceLineKey.RequestMs: record.RequestMs = number; break;
            case TraceLineKey.QueueMs: record.QueueMs = number; break;
            case TraceLineKey.ConnectMs: record.ConnectMs = number; break;
            case TraceLineKey.ResponseMs: record.ResponseMs = number; break;
            case TraceLineKey.ActiveMs: record.ActiveMs = number; break;
            case TraceLineKey.BytesIn: record.BytesIn = number; break;
            default: record.BytesOut = number; break;
        }

        return TraceLineError.None;
    }

    private TraceLineError SetText(TraceLineKey key, ReadOnlySpan<byte> value, bool quoted, RequestRecord record)
    {
        string? text;
        var decoded = key switch
        {
            TraceLineKey.Method or TraceLineKey.Scheme or TraceLineKey.Frontend or TraceLineKey.Backend or TraceLineKey.Server
                or TraceLineKey.ServerAddress or TraceLineKey.Termination => TryName(value, quoted, out text),
            // %HV writes "HTTP/1.1"; the record (and network.protocol.version) wants "1.1".
            TraceLineKey.Version => TryName(value.StartsWith("HTTP/"u8) ? value[5..] : value, quoted, out text),
            _ => TryText(value, quoted, out text),
        };
        if (!decoded)
        {
            return TraceLineError.BadQuoting;
        }

        switch (key)
        {
            case TraceLineKey.TraceState: record.TraceState = text; break;
            case TraceLineKey.Method: record.Method = text; break;
            case TraceLineKey.Scheme: record.Scheme = text; break;
            case TraceLineKey.Version: record.ProtocolVersion = text; break;
            case TraceLineKey.Host: record.Host = HostWithoutPort(text); break;
            case TraceLineKey.Path: record.Path = text; break;
            case TraceLineKey.Query: record.Query = text; break;
            case TraceLineKey.UserAgent: record.UserAgent = text; break;
            case TraceLineKey.ClientAddress: record.ClientAddress = text; break;
            case TraceLineKey.Frontend: record.Frontend = text; break;
            case TraceLineKey.Backend: record.Backend = text; break;
            case TraceLineKey.Server: record.Server = text; break;
            case TraceLineKey.ServerAddress: record.ServerAddress = text; break;
            default: record.TerminationState = text; break;
        }

        return TraceLineError.None;
    }

    private static bool IsText(TraceLineKey key) => key is TraceLineKey.TraceState or TraceLineKey.Method or TraceLineKey.Scheme
        or TraceLineKey.Version or TraceLineKey.Host or TraceLineKey.Path or TraceLineKey.Query or TraceLineKey.UserAgent
        or TraceLineKey.ClientAddress or TraceLineKey.Frontend or TraceLineKey.Backend or TraceLineKey.Server
        or TraceLineKey.ServerAddress or TraceLineKey.Termination;

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
