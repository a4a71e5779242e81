using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Cli.Config;
using SpoaOpenTracing.Cli.Logging;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// A run, in the seed's order: pidfile, (daemonize), logfile, tracer, listen, PID, serve until <c>-r</c> or a signal,
/// graceful stop, stop marker, pidfile removed.
/// </summary>
internal static partial class AgentHost
{
    /// <summary>How often the native heap's free pages go back to the kernel (the soak's flat RSS, BENCHMARKS.md).</summary>
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(30);

    public static int Run(AgentOptions options, string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment)
    {
        var readySocket = environment.TryGetValue(DaemonChannel.SocketVariable, out var socket) && !string.IsNullOrEmpty(socket) ? socket : null;
        int Fail(int code, string message)
        {
            if (readySocket is not null)
            {
                DaemonChannel.ReportFailure(readySocket, code, message);
            }
            else
            {
                stderr.WriteLine("ERROR: " + message);
            }

            return code;
        }

        PidFile? pidFile = null;
        if (options.PidFile is { } pidPath)
        {
            try
            {
                pidFile = readySocket is not null && environment.TryGetValue(DaemonChannel.PidFileVariable, out var adopt) && adopt == "1"
                    ? PidFile.Adopt(pidPath)
                    : PidFile.Create(pidPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(ExitCodes.Failure, $"unable to create pidfile '{pidPath}': {e.Message}");
            }
        }

        try
        {
            if (options.Daemonize && readySocket is null)
            {
                return Daemonizer.Launch(args, pidFile, stderr);
            }

            // Only a process that serves lives long enough to need it; help, version and --check never get here.
            GlibcHeap.TrimPeriodically(TrimInterval);

            StreamWriter? logWriter = null;
            if (options.LogFile is { } logPath)
            {
                try
                {
                    logWriter = LogFile.Open(logPath, options.LogFileMode, options.LogFileLineBuffered);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Fail(ExitCodes.Failure, $"unable to open logfile '{logPath}': {e.Message}");
                }
            }

            using var sink = logWriter is null ? new LogSink(stdout, ownsWriter: false) : new LogSink(RedirectConsole(logWriter), ownsWriter: true);
            sink.WriteLine(LogFile.StartMarker(DateTime.Now));
            try
            {
                using var loggerFactory = LoggerFactory.Create(builder =>
                {
                    builder.AddProvider(new LineLoggerProvider(sink));
                    DebugLevel.Configure(builder, options.DebugLevel);
                });
                var (code, message) = RunAgent(options, environment, loggerFactory, pidFile, readySocket);
                return message is null ? code : Fail(code, message);
            }
            finally
            {
                sink.WriteLine(LogFile.StopMarker(DateTime.Now));
            }
        }
        finally
        {
            pidFile?.Dispose();
        }
    }

    /// <summary>
    /// Like the seed's dup2 of stdout and stderr onto the <c>-l</c> file: whatever the process prints (the console
    /// exporter's trace trees included) lands in the log, through one synchronized writer so lines never interleave.
    /// </summary>
    private static TextWriter RedirectConsole(StreamWriter logWriter)
    {
        var shared = TextWriter.Synchronized(logWriter);
        Console.SetOut(shared);
        Console.SetError(shared);
        return shared;
    }

    private static (int Code, string? Error) RunAgent(
        AgentOptions options, IDictionary<string, string?> environment, ILoggerFactory loggerFactory, PidFile? pidFile, string? readySocket)
    {
        var logger = loggerFactory.CreateLogger(typeof(AgentHost).FullName!);
        HostLog.Starting(logger, HelpText.ProgramName, HelpText.VersionNumber, Environment.ProcessId);
        var notices = new List<string>(options.Notices);
        TracingOptions tracing;
        TracingOptions warmup;
        try
        {
            tracing = TracingConfiguration.Build(options, environment, notices).Options;
            // Its own copy: the warm-up changes the exporter.
            warmup = TracingConfiguration.Build(options, environment, []).Options;
        }
        catch (ConfigException e)
        {
            return (ExitCodes.Failure, e.Message);
        }

        foreach (var notice in notices)
        {
            HostLog.Notice(logger, notice);
        }

        return ServeAsync(options, tracing, warmup, loggerFactory, logger, pidFile, readySocket).GetAwaiter().GetResult();
    }
}
