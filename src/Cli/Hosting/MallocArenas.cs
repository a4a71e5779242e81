using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// glibc gives threads their own malloc arenas (up to eight per core), and under a steady load the native memory of
/// a .NET process creeps up in steps for minutes as those arenas fragment (bench/soak, BENCHMARKS.md). Almost all of
/// the agent's memory is the GC's, so two arenas are plenty. A <c>MALLOC_ARENA_MAX</c> the user set wins.
/// </summary>
internal static class MallocArenas
{
    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in glibc's malloc.h

    public static void Limit(int arenas)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return;
        }

        try
        {
            Mallopt(ArenaMaxParameter, arenas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): nothing to tune.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
