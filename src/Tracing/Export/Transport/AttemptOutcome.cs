namespace SpoaOpenTracing.Tracing.Export.Transport;

internal enum AttemptKind
{
    Success,
    Retryable,
    Permanent,
}

/// <summary>What one send attempt got: success, a failure worth retrying (with the server's wait, if it gave one),
/// or a failure that drops the batch.</summary>
internal readonly record struct AttemptOutcome(AttemptKind Kind, ExportFailureReason Reason, TimeSpan? RetryAfter)
{
    public static AttemptOutcome Success => new(AttemptKind.Success, default, null);

    public static AttemptOutcome Retry(ExportFailureReason reason, TimeSpan? retryAfter = null) => new(AttemptKind.Retryable, reason, retryAfter);

    public static AttemptOutcome Drop(ExportFailureReason reason) => new(AttemptKind.Permanent, reason, null);
}
