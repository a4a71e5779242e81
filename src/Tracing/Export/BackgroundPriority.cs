using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>
/// Lowers the calling thread's scheduling priority by <see cref="NiceIncrement"/> on Linux, where a nice value belongs
/// to a thread, not to the process. For the export thread: its batches can wait a few milliseconds, while HAProxy on
/// the same machine and the connection threads it waits on cannot. On a busy host the export thread then yields the
/// CPU to them rather than taking its share in bursts (bench/e2e, E against the same agent without it: BENCHMARKS.md);
/// if it falls behind, the bounded queue drops spans and counts them, as it would anyway.
/// </summary>
internal static class BackgroundPriority
{
    public const int NiceIncrement = 10;

    private const int PrioProcess = 0; // PRIO_PROCESS; with who = 0 Linux means the calling thread
    private const int LowestPriority = 19;

    /// <summary>True when the calling thread's nice value was raised.</summary>
    public static bool LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // getpriority returns the nice value itself (-20 to 19), so its -1 is a value, not an error: with who = 0
            // (the calling thread) it cannot fail.
            var current = GetPriority(PrioProcess, 0);
            return SetPriority(PrioProcess, 0, Math.Min(LowestPriority, current + NiceIncrement)) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "getpriority")]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
