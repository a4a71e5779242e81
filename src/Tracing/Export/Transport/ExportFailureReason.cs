namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>Why a batch was dropped (or, for an attempt, why it failed).</summary>
internal enum ExportFailureReason
{
    /// <summary>The collector answered with a status the OTLP spec says not to retry (400, 401, 413, gRPC INVALID_ARGUMENT…).</summary>
    Rejected,

    /// <summary>Retryable answers (429/502/503/504, gRPC UNAVAILABLE…) until the export timeout left no room for another try.</summary>
    RetriesExhausted,

    /// <summary>No answer before the export deadline.</summary>
    Timeout,

    /// <summary>The connection could not be made (refused, no route, name not found, TLS handshake failed).</summary>
    Unreachable,

    /// <summary>The connection broke or the answer was not HTTP/gRPC as expected.</summary>
    Transport,
}
