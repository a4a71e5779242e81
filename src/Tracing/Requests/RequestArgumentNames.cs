namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// The argument names of the one-exchange request message (examples/spoe-oneshot.cfg documents each), compared by
/// length first, as <see cref="Internal.DirectiveNames"/> does for the grammar.
/// </summary>
internal static class RequestArgumentNames
{
    /// <summary>The first argument of every one-exchange message; the grammar's first is <c>id</c>.</summary>
    public static ReadOnlySpan<byte> First => "trace-id"u8;

    public static RequestField Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("path"u8) => RequestField.Path,
        4 when name.SequenceEqual("host"u8) => RequestField.Host,
        5 when name.SequenceEqual("query"u8) => RequestField.Query,
        6 when name.SequenceEqual("method"u8) => RequestField.Method,
        6 when name.SequenceEqual("scheme"u8) => RequestField.Scheme,
        6 when name.SequenceEqual("status"u8) => RequestField.Status,
        6 when name.SequenceEqual("ts-end"u8) => RequestField.TsEnd,
        6 when name.SequenceEqual("server"u8) => RequestField.Server,
        7 when name.SequenceEqual("backend"u8) => RequestField.Backend,
        7 when name.SequenceEqual("retries"u8) => RequestField.Retries,
        8 when name.SequenceEqual("trace-id"u8) => RequestField.TraceId,
        8 when name.SequenceEqual("ts-start"u8) => RequestField.TsStart,
        8 when name.SequenceEqual("frontend"u8) => RequestField.Frontend,
        10 when name.SequenceEqual("tracestate"u8) => RequestField.TraceState,
        10 when name.SequenceEqual("ts-backend"u8) => RequestField.TsBackend,
        10 when name.SequenceEqual("user-agent"u8) => RequestField.UserAgent,
        11 when name.SequenceEqual("ts-response"u8) => RequestField.TsResponse,
        11 when name.SequenceEqual("client-port"u8) => RequestField.ClientPort,
        11 when name.SequenceEqual("server-port"u8) => RequestField.ServerPort,
        12 when name.SequenceEqual("http-version"u8) => RequestField.HttpVersion,
        13 when name.SequenceEqual("frontend-port"u8) => RequestField.FrontendPort,
        14 when name.SequenceEqual("parent-span-id"u8) => RequestField.ParentSpanId,
        14 when name.SequenceEqual("server-span-id"u8) => RequestField.ServerSpanId,
        14 when name.SequenceEqual("client-span-id"u8) => RequestField.ClientSpanId,
        14 when name.SequenceEqual("client-address"u8) => RequestField.ClientAddress,
        14 when name.SequenceEqual("server-address"u8) => RequestField.ServerAddress,
        _ => RequestField.Unknown,
    };
}
