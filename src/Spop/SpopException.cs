namespace SpoaOpenTracing.Spop;

/// <summary>
/// A protocol violation by the peer. The connection that raised it answers with an AGENT-DISCONNECT carrying
/// <see cref="Status"/> and closes; no other connection is affected.
/// </summary>
internal sealed class SpopException : Exception
{
    public SpopException(SpopStatus status, string reason)
        : base(reason)
    {
        Status = status;
    }

    public SpopStatus Status { get; }
}
