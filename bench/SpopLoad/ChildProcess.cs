using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>A process this tool started (agent or sink): stopped by its own PID, SIGTERM first so it can flush.</summary>
internal sealed partial class ChildProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="file"/>, pinned to <paramref name="cpus"/> with taskset when given, and at
    /// SCHED_IDLE with chrt when <paramref name="idle"/> (both exec, so the PID is the program's). A null value in
    /// <paramref name="environment"/> removes that variable.</summary>
    public static ChildProcess Start(string file, IEnumerable<string> arguments, string? cpus,
        IReadOnlyDictionary<string, string?> environment, string logPath, bool idle = false)
    {
        var command = new List<string>();
        if (cpus is not null)
        {
            command.AddRange(["taskset", "-c", cpus]);
        }

        if (idle)
        {
            command.AddRange(["chrt", "--idle", "0"]);
        }

        command.Add(file);
        var info = new ProcessStartInfo
        {
            FileName = command[0],
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var part in command.Skip(1))
        {
            info.ArgumentList.Add(part);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>. Returns true on a clean exit.</summary>
    public bool Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        _ = Kill(_process.Id, SigTerm);
        if (_process.WaitForExit(grace))
        {
            return true;
        }

        _process.Kill();
        _process.WaitForExit();
        return false;
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
