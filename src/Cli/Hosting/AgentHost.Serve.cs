using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Hosting;

internal static partial class AgentHost
{
    private static async Task<(int Code, string? Error)> ServeAsync(
        AgentOptions options, TracingOptions tracing, ILoggerFactory loggerFactory, ILogger logger, PidFile? pidFile, string? readySocket)
    {
        using var stop = new CancellationTokenSource();
        var reason = "runtime exceeded";
        using var signals = new StopSignals(
            first =>
            {
                reason = first;
                stop.Cancel();
            },
            second =>
            {
                HostLog.Aborting(logger, second);
                pidFile?.Dispose();
                Environment.Exit(ExitCodes.Aborted);
            });
        signals.Register();

        pidFile?.Write(Environment.ProcessId);
        if (readySocket is not null)
        {
            DaemonChannel.ReportReady(readySocket);
            Directory.SetCurrentDirectory("/");
        }

        if (options.Runtime is > 0 and var runtime)
        {
            stop.CancelAfter(TimeValue.ToTimeSpan(runtime));
        }

        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        HostLog.Stopping(logger, reason);
        HostLog.Stopped(logger);
        return (ExitCodes.Ok, null);
    }
}
