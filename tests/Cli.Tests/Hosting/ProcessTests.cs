using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Tests.Shared;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Hosting;

/// <summary>The built program as a process: exit codes, pidfile, logfile, daemon, signals.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spoa-cli-proc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Port() => AgentProcess.FreePort().ToString(CultureInfo.InvariantCulture);

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public void HelpVersionAndUsageExitCodes()
    {
        Assert.Equal(0, AgentProcess.Run("-h").Code);
        var version = AgentProcess.Run("-V");
        Assert.Equal(0, version.Code);
        Assert.StartsWith("\nspoa-opentracing v", version.Out);
        var bad = AgentProcess.Run("-r0", "--bogus");
        Assert.Equal(64, bad.Code);
        Assert.Equal("ERROR: unrecognized option '--bogus'\n", bad.Err);
        Assert.Equal("For help type: spoa-opentracing -h\n", bad.Out);
        Assert.Equal(64, AgentProcess.Run().Code);
    }

    [Fact]
    public void CheckPrintsTheConfiguration()
    {
        var (code, output, _) = AgentProcess.Run("--check", "-Tconsole", "-p", "2345");
        Assert.Equal(0, code);
        Assert.Matches(@"Exporter\s+= Console\s+\(command line\)", output);
        Assert.Matches(@"listen\s+= 127\.0\.0\.1:2345", output);
    }

    [Fact]
    public void RuntimeEndsTheRunWithZero()
    {
        var (code, output, _) = AgentProcess.Run("-r", "2s", "-p", Port());
        Assert.Equal(0, code);
        Assert.Contains("stopping: runtime exceeded", output);
    }

    [Fact]
    public void LogfileGetsBothMarkers()
    {
        var log = Path.Combine(_dir, "agent.log");
        File.WriteAllText(log, "old content\n");
        var (code, output, _) = AgentProcess.Run("-r1s", "-p", Port(), "-l", "w:" + log);
        Assert.Equal(0, code);
        Assert.Empty(output);
        var lines = File.ReadAllLines(log);
        Assert.Matches(@"^--- start --- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d ---$", lines[0]);
        Assert.Matches(@"^--- stop  --- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d ---$", lines[^1]);
        Assert.DoesNotContain("old content", lines);
    }

    [Fact]
    public void ExistingLogfileWithoutModeFailsWith255()
    {
        var log = Path.Combine(_dir, "agent.log");
        File.WriteAllText(log, "keep\n");
        var (code, _, error) = AgentProcess.Run("-r1s", "-p", Port(), "-l", log);
        Assert.Equal(255, code);
        Assert.StartsWith($"ERROR: unable to open logfile '{log}'", error);
        Assert.Equal("keep\n", File.ReadAllText(log));
    }

    [Fact]
    public void SecondInstanceWithTheSamePidfileFails()
    {
        var pidFile = Path.Combine(_dir, "agent.pid");
        using var first = AgentProcess.Start(null, "-r0", "-p", Port(), "-F", pidFile);
        Assert.True(AgentProcess.Eventually(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')));
        Assert.Equal(first.Id.ToString(CultureInfo.InvariantCulture) + "\n", File.ReadAllText(pidFile));

        var (code, _, error) = AgentProcess.Run("-r0", "-p", Port(), "-F", pidFile);
        Assert.Equal(255, code);
        Assert.StartsWith($"ERROR: unable to create pidfile '{pidFile}'", error);
        Assert.True(File.Exists(pidFile));

        first.Signal(PosixSignalNumber.Term);
        Assert.Equal(0, first.WaitForExit().Code);
        Assert.False(File.Exists(pidFile));
    }

    [Theory]
    [InlineData(PosixSignalNumber.Term)]
    [InlineData(PosixSignalNumber.Int)]
    [InlineData(PosixSignalNumber.Hup)]
    public void StopSignalsExitWithZero(PosixSignalNumber signal)
    {
        var pidFile = Path.Combine(_dir, "agent.pid");
        using var agent = AgentProcess.Start(null, "-r0", "-p", Port(), "-F", pidFile);
        Assert.True(AgentProcess.Eventually(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')));
        agent.Signal(signal);
        var (code, output, _) = agent.WaitForExit();
        Assert.Equal(0, code);
        Assert.Contains("stopping: signal received - SIG", output);
    }

    [Theory]
    [InlineData(PosixSignalNumber.Int)]
    [InlineData(PosixSignalNumber.Term)]
    public void StopSignalsWorkWhenInheritedIgnored(PosixSignalNumber signal)
    {
        // `spoa-opentracing ... &` in a script: a shell without job control starts it with SIGINT ignored.
        var pidFile = Path.Combine(_dir, "agent.pid");
        using var agent = AgentProcess.StartIgnoring("INT HUP TERM USR1", "-r0", "-p", Port(), "-F", pidFile);
        Assert.True(AgentProcess.Eventually(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')));
        Assert.Equal(agent.Id.ToString(CultureInfo.InvariantCulture) + "\n", File.ReadAllText(pidFile));
        agent.Signal(signal);
        var (code, output, _) = agent.WaitForExit();
        Assert.Equal(0, code);
        Assert.Contains("stopping: signal received - SIG", output);
    }

    [Fact]
    public void DaemonRunsDetachedWithItsPidInThePidfile()
    {
        var pidFile = Path.Combine(_dir, "agent.pid");
        var log = Path.Combine(_dir, "agent.log");
        var port = AgentProcess.FreePort();
        var (code, output, error) = AgentProcess.Run("-D", "-r0", "-p", port.ToString(CultureInfo.InvariantCulture), "-F", pidFile, "-l", "W:" + log);
        Assert.True(code == 0, error);
        Assert.Empty(output);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        try
        {
            Assert.True(AgentProcess.IsAlive(pid));
            Assert.True(Listening(port));
            AgentProcess.Kill(pid, PosixSignalNumber.Term);
            Assert.True(AgentProcess.Eventually(() => !AgentProcess.IsAlive(pid)));
            Assert.True(AgentProcess.Eventually(() => !File.Exists(pidFile)));
            Assert.StartsWith("--- stop  ---", File.ReadAllLines(log)[^1]);
        }
        finally
        {
            if (AgentProcess.IsAlive(pid))
            {
                AgentProcess.Kill(pid, PosixSignalNumber.Kill);
            }
        }
    }

    [Fact]
    public void DaemonChildFailureReachesTheParent()
    {
        var log = Path.Combine(_dir, "agent.log");
        File.WriteAllText(log, "exists\n");
        var pidFile = Path.Combine(_dir, "agent.pid");
        var (code, _, error) = AgentProcess.Run("-D", "-r0", "-p", Port(), "-F", pidFile, "-l", log);
        Assert.Equal(255, code);
        Assert.StartsWith($"ERROR: unable to open logfile '{log}'", error);
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public void PortInUseExits70()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var (code, _, error) = AgentProcess.Run("-r1s", "-p", port);
        Assert.Equal(70, code);
        Assert.StartsWith("ERROR: unable to listen:", error);
    }

    [Fact]
    public void MonitorLogsOneLinePerInterval()
    {
        // 5.5 s of runtime at the shortest interval (1 s): 5 ticks. The range allows for a loaded machine delaying a
        // tick or two past the stop, and still fails for a single line, a line per 2 intervals or 2 lines per interval.
        var (code, output, _) = AgentProcess.Run("-r5500ms", "-i1s", "-p", Port());
        Assert.Equal(0, code);
        var lines = output.Split('\n').Where(l => l.Contains("monitor: ", StringComparison.Ordinal)).ToList();
        Assert.InRange(lines.Count, 3, 5);
        Assert.All(lines, l => Assert.Contains("monitor: 0 connection(s), 0.0 frames/s, 0.0 messages/s", l, StringComparison.Ordinal));
    }
}
