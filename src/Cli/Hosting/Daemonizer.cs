using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// <c>-D</c> without fork(): the parent re-launches this program in a new session (util-linux <c>setsid</c>) with
/// stdio on /dev/null and <see cref="DaemonChannel.SocketVariable"/> set, then waits until the child reports that it
/// listens, or why it failed, and exits with that status.
/// </summary>
internal static class Daemonizer
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts the daemon child and waits for its report; returns the parent's exit status.</summary>
    public static int Launch(string[] args, PidFile? pidFile, TextWriter stderr)
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"spoa-ot-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        try
        {
            using var child = Process.Start(StartInfo(args, socketPath, pidFile is not null))
                ?? throw new InvalidOperationException("the daemon process did not start");
            var (ready, exitCode, message) = WaitForReport(listener, child);
            if (ready)
            {
                // The file and its deletion at exit now belong to the child.
                pidFile?.Release();
                return ExitCodes.Ok;
            }

            stderr.WriteLine("ERROR: " + message);
            return exitCode == ExitCodes.Ok ? ExitCodes.Failure : exitCode;
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    private static ProcessStartInfo StartInfo(string[] args, string socketPath, bool adoptPidFile)
    {
        // The shell moves stdio to /dev/null before exec, so the child never holds the caller's terminal or pipes.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec setsid \"$@\" </dev/null >/dev/null 2>&1");
        info.ArgumentList.Add("sh");
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("unknown executable path");
        info.ArgumentList.Add(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Daemonizer).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[DaemonChannel.SocketVariable] = socketPath;
        if (adoptPidFile)
        {
            info.Environment[DaemonChannel.PidFileVariable] = "1";
        }

        return info;
    }

    private static (bool Ready, int ExitCode, string Message) WaitForReport(Socket listener, Process child)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        var exited = child.WaitForExitAsync(timeout.Token);
        try
        {
            Task.WaitAny(accept, exited);
            // A child that reports and exits at once may win the race against our accept: give the report a moment.
            if (!accept.IsCompleted && child.HasExited && !accept.Wait(TimeSpan.FromSeconds(2)))
            {
                return (false, child.ExitCode == 0 ? ExitCodes.Failure : child.ExitCode,
                    $"the daemon exited with status {child.ExitCode} before it was ready");
            }

            using var connection = accept.GetAwaiter().GetResult();
            using var reader = new StreamReader(new NetworkStream(connection), Encoding.UTF8);
            return DaemonChannel.Parse(reader.ReadLine());
        }
        catch (Exception e) when (e is OperationCanceledException or AggregateException)
        {
            return (false, ExitCodes.Failure, $"the daemon did not report readiness within {ReadyTimeout.TotalSeconds:0}s");
        }
    }
}
