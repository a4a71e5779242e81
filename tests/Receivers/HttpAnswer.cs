namespace SpoaOpenTracing.Tests.Receivers;

/// <summary>What <see cref="LoopbackHttpReceiver"/> sends back for one request.</summary>
public sealed record HttpAnswer(int Status, string? ContentType = null, byte[]? Body = null, string? RetryAfter = null)
{
    public static readonly HttpAnswer Ok = new(200);
}
