using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// Keeps the native memory that glibc's malloc holds for the process from creeping up in steps under a steady load
/// (bench/soak, BENCHMARKS.md). Almost all of the agent's memory is the GC's; with tiered compilation on, a soak
/// showed 5 MiB steps minutes after start that a <c>malloc_trim</c> gave back (most likely the JIT's freed working
/// memory from recompiling methods that are called only every few seconds; not traced).
/// </summary>
internal static class GlibcHeap
{
    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in glibc's malloc.h

    private static Timer? s_trimmer;

    /// <summary>
    /// glibc gives threads their own malloc arenas (up to eight per core), which fragment apart; two are plenty here.
    /// A <c>MALLOC_ARENA_MAX</c> the user set wins.
    /// </summary>
    public static void LimitArenas(int arenas)
    {
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            CallGlibc(() => Mallopt(ArenaMaxParameter, arenas));
        }
    }

    /// <summary>
    /// Every <paramref name="interval"/>, gives the free pages inside the heaps back to the kernel: glibc's
    /// <c>free</c> only returns the top of a heap. Stops at the first call that finds no <c>malloc_trim</c>. One
    /// timer per process: a second call (an agent hosted twice in one process, as the tests do) changes nothing.
    /// </summary>
    public static void TrimPeriodically(TimeSpan interval)
    {
        if (OperatingSystem.IsLinux() && s_trimmer is null)
        {
            s_trimmer = new Timer(_ =>
            {
                if (!CallGlibc(() => MallocTrim(0)))
                {
                    s_trimmer?.Dispose();
                }
            }, null, interval, interval);
        }
    }

    /// <summary>False when the process has no glibc (musl has neither mallopt nor malloc_trim): nothing to tune.</summary>
    private static bool CallGlibc(Func<int> call)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            call();
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
