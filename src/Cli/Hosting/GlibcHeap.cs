using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// Keeps the native memory that glibc's malloc holds for the process from creeping up in steps under a steady load
/// (bench/soak, BENCHMARKS.md). Almost all of the agent's memory is the GC's; what glibc holds is the runtime's own:
/// the JIT's working memory above all, which tiered compilation needs again whenever a method is recompiled, minutes
/// after start for the methods called only every few seconds (a <c>/metrics</c> scrape).
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
    /// Every <paramref name="interval"/>, gives the free pages inside the heaps back to the kernel. glibc's
    /// <c>free</c> only returns the top of a heap; a JIT compilation's freed working memory stays resident until it is
    /// reused, and a 10-minute soak with tiered compilation showed it as 5 MiB steps. A trim holds only malloc's arena
    /// locks, and the request path allocates from the GC, not from malloc.
    /// </summary>
    public static void TrimPeriodically(TimeSpan interval)
    {
        if (OperatingSystem.IsLinux() && s_trimmer is null)
        {
            s_trimmer = new Timer(_ => CallGlibc(() => MallocTrim(0)), null, interval, interval);
        }
    }

    private static void CallGlibc(Func<int> call)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            call();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has neither mallopt nor malloc_trim): nothing to tune.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
