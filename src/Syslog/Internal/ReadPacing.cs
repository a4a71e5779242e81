namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// How the log readers wait between reads. A request waits for none of it (HAProxy has logged and moved on), and waking
/// for each line cost the agent more CPU than parsing it did (BENCHMARKS.md, log mode): so after a read a reader pauses
/// for <see cref="BatchInterval"/> and the lines that arrive meanwhile are read together, unless it is behind.
/// </summary>
internal static class ReadPacing
{
    /// <summary>For datagrams, the socket's receive buffer holds what arrives meanwhile: a millisecond of lines at
    /// 100,000 a second is about a hundred datagrams, within the Linux default of 208 KiB for lines of 1 KiB, and
    /// anything the kernel still drops is counted (<see cref="SyslogInputMetrics.ReceiveBufferDrops"/>). Over TCP the
    /// peer holds them (a ring buffers what the connection does not take).</summary>
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(1);
}
