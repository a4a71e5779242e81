namespace SpoaOpenTracing.Tests.Shared;

/// <summary>
/// Sizes of the fuzz runs. The test suite runs a bounded number of inputs; <c>fuzz/run.sh</c> raises them through
/// the environment and collects the summary lines written to <c>FUZZ_REPORT</c>.
/// </summary>
internal static class FuzzSettings
{
    private static readonly object s_reportLock = new();

    /// <summary>Byte streams (frames, lines) through a decoder (<c>FUZZ_INPUTS</c>, default 100,000).</summary>
    public static long Inputs => Read("FUZZ_INPUTS", 100_000);

    /// <summary>Messages straight into the tracing engine (<c>FUZZ_MESSAGES</c>, default 100,000).</summary>
    public static long Messages => Read("FUZZ_MESSAGES", 100_000);

    /// <summary>Streams replayed over a real socket against the real connection (<c>FUZZ_SOCKET_SAMPLE</c>, default 300).</summary>
    public static long SocketSample => Read("FUZZ_SOCKET_SAMPLE", 300);

    /// <summary>Mutated trace lines through the log-mode parser (<c>FUZZ_LINES</c>, default 100,000; fuzz/run.sh a million).</summary>
    public static long Lines => Read("FUZZ_LINES", 100_000);

    /// <summary>The trace-line mutator's seed (<c>FUZZ_LINE_SEED</c>, as the summary prints it); null means a fresh one.</summary>
    public static int? LineSeed => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_LINE_SEED"), out var seed) ? seed : null;

    /// <summary>A seed (<c>FUZZ_SEED</c>, as CsCheck prints it) to replay one failing run; empty means a fresh one.</summary>
    public static string? Seed => Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    public static void Report(string line)
    {
        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } path)
        {
            lock (s_reportLock)
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }

    private static long Read(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
