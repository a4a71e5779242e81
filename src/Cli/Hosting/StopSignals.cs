using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// SIGTERM, SIGINT, SIGHUP (and SIGUSR1, as the seed) request a graceful stop; the runtime's default action is
/// cancelled. A second signal means "now": <paramref name="onSecond"/> runs instead.
/// </summary>
internal sealed class StopSignals(Action<string> onFirst, Action<string> onSecond) : IDisposable
{
    private const int SigUsr1Linux = 10;

    // The stop signals, with their Linux numbers (what /proc's ignore mask is indexed by). SIGUSR1 has no PosixSignal
    // member, so it is registered by its raw Linux number, and only on Linux.
    private static readonly (PosixSignal Signal, int LinuxNumber, string Name)[] s_signals =
    [
        (PosixSignal.SIGTERM, 15, "SIGTERM"),
        (PosixSignal.SIGINT, 2, "SIGINT"),
        (PosixSignal.SIGHUP, 1, "SIGHUP"),
        ((PosixSignal)SigUsr1Linux, SigUsr1Linux, "SIGUSR1"),
    ];

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _count;

    /// <summary>Gives the stop signals an inherited "ignore" back to their default action (see
    /// <see cref="InheritedSignalIgnores"/>). Must run before anything in the process touches the console, processes
    /// or signals: the runtime takes each signal's disposition then, once.</summary>
    public static void UndoInheritedIgnores() =>
        InheritedSignalIgnores.Reset(Array.ConvertAll(s_signals, s => s.LinuxNumber));

    public void Register()
    {
        foreach (var (signal, _, name) in s_signals)
        {
            // Raw numbers are positive, PosixSignal's portable members negative.
            if ((int)signal > 0 && !OperatingSystem.IsLinux())
            {
                continue;
            }

            Add(signal, name);
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Add(PosixSignal signal, string name) =>
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref _count) == 1)
            {
                onFirst("signal received - " + name);
            }
            else
            {
                onSecond(name);
            }
        }));
}
