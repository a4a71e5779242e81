namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>What a connection does with a byte stream: how many ACKs it sends, then the DISCONNECT status it closes
/// with (null: none yet), or that it waits for more bytes, or that it answered a health check and closed.</summary>
internal readonly record struct Outcome(int Acks, SpopStatus? Status, bool Incomplete, bool HealthCheck)
{
    public override string ToString() =>
        HealthCheck ? "health check answered"
        : Incomplete ? $"{Acks} ACK(s), then waits for more bytes"
        : Status is { } s ? $"{Acks} ACK(s), then DISCONNECT {(uint)s} ({s})"
        : $"{Acks} ACK(s), stream fully consumed";
}
