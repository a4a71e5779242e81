using System.Globalization;
using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// A shell without job control starts background commands (<c>spoa-opentracing ... &amp;</c> in a script) with SIGINT
/// ignored, and the .NET runtime keeps a signal that is ignored when it first sets up signal handling as ignored, even
/// when a handler is registered for it later: such an agent would not stop on SIGINT. The C agent installs its stop
/// handlers however it was started, so an inherited "ignore" of a stop signal goes back to the default action first.
/// </summary>
internal static class InheritedSignalIgnores
{
    private const nint DefaultAction = 0; // SIG_DFL

    /// <summary>Gives each of the Linux signal numbers in <paramref name="signals"/> that this process ignores its default action.</summary>
    public static void Reset(params int[] signals)
    {
        // Only signals that are ignored now are touched: resetting one the runtime already handles would drop its handler.
        if (!OperatingSystem.IsLinux() || ReadIgnoredMask() is not { } ignored)
        {
            return;
        }

        foreach (var signal in signals)
        {
            if ((ignored & (1UL << (signal - 1))) != 0)
            {
                SetHandler(signal, DefaultAction);
            }
        }
    }

    /// <summary>The SigIgn mask of /proc/self/status (bit n-1 = signal n); null when it cannot be read.</summary>
    private static ulong? ReadIgnoredMask()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                {
                    return ulong.Parse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc here: leave the dispositions as they are.
        }

        return null;
    }

    [DllImport("libc", EntryPoint = "signal")]
    private static extern nint SetHandler(int signal, nint handler);
}
