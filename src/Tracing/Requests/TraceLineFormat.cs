namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// The trace line, version 1 (docs/trace-line.md): <c>otel-trace/1</c>, then <c>key=value</c> pairs separated by one
/// space, then <c>end;</c> (no key has a <c>;</c>, so a line cut after a key that starts with <c>end</c> is never taken for a whole one). A value is <c>-</c> (absent), a JSON string in double quotes, or a bare token without
/// spaces (hex ids, decimal numbers, names). Unknown keys are skipped; <c>attr.&lt;name&gt;</c> keys become
/// attributes of the SERVER span.
/// </summary>
internal static class TraceLineFormat
{
    public static ReadOnlySpan<byte> VersionPrefix => "otel-trace/"u8;

    public static ReadOnlySpan<byte> Version1 => "1"u8;

    public static ReadOnlySpan<byte> EndToken => "end;"u8;

    public static ReadOnlySpan<byte> AttributePrefix => "attr."u8;

    /// <summary>The keys a line must have; the others may be missing or <c>-</c>.</summary>
    public const ulong RequiredKeys =
        (1UL << (int)RequestField.TraceId) | (1UL << (int)RequestField.ServerSpanId)
        | (1UL << (int)RequestField.TsStart) | (1UL << (int)RequestField.TsEnd);

    /// <summary>The key names, indexed by <see cref="RequestField"/>.</summary>
    public static readonly byte[][] KeyNames =
    [
        "trace_id"u8.ToArray(), "parent_span_id"u8.ToArray(), "server_span_id"u8.ToArray(), "client_span_id"u8.ToArray(),
        "sampled"u8.ToArray(), "tracestate"u8.ToArray(), "start_us"u8.ToArray(), "backend_us"u8.ToArray(),
        "response_us"u8.ToArray(), "end_us"u8.ToArray(), "method"u8.ToArray(), "scheme"u8.ToArray(), "version"u8.ToArray(),
        "host"u8.ToArray(), "path"u8.ToArray(), "query"u8.ToArray(), "user_agent"u8.ToArray(), "client_address"u8.ToArray(),
        "client_port"u8.ToArray(), "frontend_port"u8.ToArray(), "status"u8.ToArray(), "frontend"u8.ToArray(),
        "backend"u8.ToArray(), "server"u8.ToArray(), "server_address"u8.ToArray(), "server_port"u8.ToArray(),
        "termination"u8.ToArray(), "retries"u8.ToArray(), "request_ms"u8.ToArray(), "queue_ms"u8.ToArray(),
        "connect_ms"u8.ToArray(), "response_ms"u8.ToArray(), "active_ms"u8.ToArray(), "bytes_in"u8.ToArray(),
        "bytes_out"u8.ToArray(),
    ];

    /// <summary>The key at <paramref name="expected"/> first (HAProxy writes them in order), then all of them; -1 when unknown.</summary>
    public static int Find(ReadOnlySpan<byte> key, int expected)
    {
        if ((uint)expected < (uint)KeyNames.Length && key.SequenceEqual(KeyNames[expected]))
        {
            return expected;
        }

        for (var i = 0; i < KeyNames.Length; i++)
        {
            if (key.SequenceEqual(KeyNames[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
