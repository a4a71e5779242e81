namespace SpoaOpenTracing.Tests.Shared;

/// <summary>Bytes allocated on the calling thread by code that should allocate nothing once warm.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes <paramref name="run"/> allocated in any of <paramref name="windows"/> calls. A one-off
    /// allocation (tiered JIT swapping in a new body, a lazily built static) can land in any single window; an
    /// allocation the code makes on every call shows in all of them, so the quietest window is the steady state.
    /// </summary>
    public static long SteadyState(Action run, int windows = 3)
    {
        var quietest = long.MaxValue;
        for (var window = 0; window < windows; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run();
            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return quietest;
    }
}
