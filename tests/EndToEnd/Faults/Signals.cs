using System.Runtime.InteropServices;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Signals to processes a test started, by their PID.</summary>
internal static class Signals
{
    /// <summary>HAProxy's soft stop: what <c>-sf &lt;pid&gt;</c> sends the old process once the new one listens.</summary>
    public const int SigUsr1 = 10;

    public const int SigKill = 9;

    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks in the test project for one call
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
