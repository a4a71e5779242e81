using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// SIGTERM, SIGINT, SIGHUP (and SIGUSR1, as the seed) request a graceful stop; the runtime's default action is
/// cancelled. A second signal means "now": <paramref name="onSecond"/> runs instead.
/// </summary>
internal sealed class StopSignals(Action<string> onFirst, Action<string> onSecond) : IDisposable
{
    private const int SigHupLinux = 1;
    private const int SigIntLinux = 2;
    private const int SigUsr1Linux = 10;
    private const int SigTermLinux = 15;

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _count;

    /// <summary>Gives the stop signals an inherited "ignore" back to their default action (see
    /// <see cref="InheritedSignalIgnores"/>). Must run before anything in the process touches the console, processes
    /// or signals: the runtime takes each signal's disposition then, once.</summary>
    public static void UndoInheritedIgnores() =>
        InheritedSignalIgnores.Reset(SigHupLinux, SigIntLinux, SigUsr1Linux, SigTermLinux);

    public void Register()
    {
        Add(PosixSignal.SIGTERM, "SIGTERM");
        Add(PosixSignal.SIGINT, "SIGINT");
        Add(PosixSignal.SIGHUP, "SIGHUP");
        if (OperatingSystem.IsLinux())
        {
            Add((PosixSignal)SigUsr1Linux, "SIGUSR1");
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
