using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.Tests.Shared;

/// <summary>
/// The real built program, run as <c>dotnet spoa-opentracing.dll</c>; killed by its PID on dispose if still alive.
/// Shared (linked) by Cli.Tests and EndToEnd: both reference src/Cli, so the program sits next to the test assembly.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    /// <summary>A safety net only: no test relies on timing.</summary>
    public static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(60);

    private const string ProgramDirectorySetting = "SpoaOpenTracing.ProgramDirectory";

    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private AgentProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The program's build output: next to the test assembly, unless the test project names the Cli's own output
    /// directory in its runtimeconfig (EndToEnd does: its ASP.NET Core framework reference keeps package dlls the
    /// program needs out of the test's bin directory).
    /// </summary>
    public static string ProgramDirectory => AppContext.GetData(ProgramDirectorySetting) as string ?? AppContext.BaseDirectory;

    public static string DllPath => Path.Combine(ProgramDirectory, "spoa-opentracing.dll");

    /// <summary>The native launcher the SDK builds next to the dll, as <c>dotnet publish</c> ships it; for processes
    /// that another program (HAProxy's master) starts.</summary>
    public static string ExecutablePath => Path.Combine(ProgramDirectory, "spoa-opentracing");

    public static AgentProcess Start(IDictionary<string, string>? environment, params string[] args) =>
        Launch(environment, ignoredSignals: null, args);

    /// <summary>Starts the program as a shell without job control starts a background command: with
    /// <paramref name="ignoredSignals"/> (e.g. <c>"INT"</c>) ignored, which exec passes on.</summary>
    public static AgentProcess StartIgnoring(string ignoredSignals, params string[] args) => Launch(null, ignoredSignals, args);

    private static AgentProcess Launch(IDictionary<string, string>? environment, string? ignoredSignals, string[] args)
    {
        var info = new ProcessStartInfo(ignoredSignals is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ignoredSignals is not null)
        {
            // exec keeps the PID, so Id, Signal and Dispose still reach the agent itself.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"trap '' {ignoredSignals}; exec dotnet \"$@\"");
            info.ArgumentList.Add("sh");
        }

        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        // The OTLP exporter would try a collector; tests that do not ask for one export nowhere.
        info.Environment.TryAdd("OTEL_TRACES_EXPORTER", "none");
        return new AgentProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var agent = Start(null, args);
        return agent.WaitForExit();
    }

    public (int Code, string Out, string Err) WaitForExit()
    {
        if (!_process.WaitForExit(SafetyTimeout))
        {
            throw new TimeoutException("the agent did not exit");
        }

        return (_process.ExitCode, _stdout.GetAwaiter().GetResult(), _stderr.GetAwaiter().GetResult());
    }

    public void Signal(PosixSignalNumber signal) => Kill(_process.Id, signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(SafetyTimeout);
        }

        _process.Dispose();
    }

    public static void Kill(int pid, PosixSignalNumber signal)
    {
        using var kill = Process.Start("kill", [$"-{(int)signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(SafetyTimeout);
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public static bool Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + SafetyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition();
    }
}
