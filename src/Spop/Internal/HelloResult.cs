namespace SpoaOpenTracing.Spop.Internal;

/// <summary>What a HAPROXY-HELLO negotiated: the frame size both sides use and the capabilities we announce.</summary>
internal readonly record struct HelloResult(uint MaxFrameSize, bool Pipelining, bool Async, bool Fragmentation, bool HealthCheck)
{
    /// <summary>Longest capability list we can announce: "pipelining,async,fragmentation".</summary>
    public const int MaxCapabilitiesLength = 30;

    /// <summary>Writes the comma-separated capabilities to announce; returns the byte count (0 = none).</summary>
    public int WriteCapabilities(Span<byte> destination)
    {
        var n = 0;
        Append(destination, ref n, Pipelining, "pipelining"u8);
        Append(destination, ref n, Async, "async"u8);
        Append(destination, ref n, Fragmentation, "fragmentation"u8);
        return n;
    }

    private static void Append(Span<byte> destination, ref int n, bool on, ReadOnlySpan<byte> name)
    {
        if (!on)
        {
            return;
        }

        if (n > 0)
        {
            destination[n++] = (byte)',';
        }

        name.CopyTo(destination[n..]);
        n += name.Length;
    }
}
