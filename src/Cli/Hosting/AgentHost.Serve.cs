using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Cli.Hosting.Warmup;
using SpoaOpenTracing.Cli.LogInput;
using SpoaOpenTracing.Cli.Messages;
using SpoaOpenTracing.Cli.Metrics;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Hosting;

internal static partial class AgentHost
{
    /// <summary>How long the graceful stop lets connections finish their frames before closing them.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the exporter may take to send what is queued at exit.</summary>
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    private static async Task<(int Code, string? Error)> ServeAsync(
        AgentOptions options, TracingOptions tracing, TracingOptions warmup, ILoggerFactory loggerFactory, ILogger logger, PidFile? pidFile, string? readySocket)
    {
        SpopServerOptions serverOptions;
        try
        {
            serverOptions = ServerOptionsBuilder.Build(options);
        }
        catch (SocketException e)
        {
            return (ExitCodes.Software, $"unable to resolve the listen address: {e.Message}");
        }

        // Spans leave on the exporter's own thread and the -t delay is a timer, so nothing on the SPOP loop blocks.
        // Set here, not in ServerOptionsBuilder: test hosts build options too, and their test code does block.
        serverOptions.InlineSocketCompletions = true;
        await AgentWarmup.RunAsync(warmup, serverOptions, logger).ConfigureAwait(false);

        TracingEngine engine;
        try
        {
            engine = new TracingEngine(tracing, loggerFactory);
        }
        catch (TracingConfigurationException e)
        {
            return (ExitCodes.Failure, "tracer initialisation failed: " + e.Message);
        }

        using (engine)
        {
            var handler = new ProgramMessageHandler(engine, loggerFactory);
            // -p 0 with --syslog: log mode alone, no SPOE listener.
            await using var server = serverOptions.EndPoints.Count > 0 ? new SpopServer(handler, serverOptions, loggerFactory) : null;
            try
            {
                if (server is not null)
                {
                    await server.StartAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
            {
                HostLog.ListenFailed(logger, e.Message);
                return (ExitCodes.Software, "unable to listen: " + e.Message);
            }

            LogInputs inputs;
            try
            {
                inputs = LogInputs.Start(options.SyslogInputs, engine, loggerFactory, logger);
            }
            catch (IOException e)
            {
                HostLog.ListenFailed(logger, e.Message);
                return (ExitCodes.Software, "unable to listen: " + e.Message);
            }

            await using (inputs)
            {
                return await ServeWithMetricsAsync(options, tracing, engine, server, inputs, logger, pidFile, readySocket).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(int Code, string? Error)> ServeWithMetricsAsync(AgentOptions options, TracingOptions tracing,
        TracingEngine engine, SpopServer? server, LogInputs inputs, ILogger logger, PidFile? pidFile, string? readySocket)
    {
        var serving = true;
        MetricsListener? metrics = null;
        if (options.MetricsAddress is { } metricsAddress)
        {
            try
            {
                metrics = new MetricsListener(metricsAddress, tracing.ServiceName, () => Volatile.Read(ref serving), logger);
            }
            catch (Exception e) when (e is System.Net.HttpListenerException or SocketException)
            {
                HostLog.ListenFailed(logger, e.Message);
                return (ExitCodes.Software, $"unable to serve metrics on {metricsAddress}: {e.Message}");
            }
        }

        using (metrics)
        {
            return await RunUntilStopAsync(options, engine, server, inputs, logger, pidFile, readySocket,
                () => Volatile.Write(ref serving, false)).ConfigureAwait(false);
        }
    }

    private static async Task<(int Code, string? Error)> RunUntilStopAsync(AgentOptions options,
        TracingEngine engine, SpopServer? server, LogInputs inputs, ILogger logger, PidFile? pidFile, string? readySocket, Action stopping)
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

        foreach (var endPoint in server?.BoundEndPoints ?? [])
        {
            HostLog.Listening(logger, ServerOptionsBuilder.Describe(endPoint));
        }

        pidFile?.Write(Environment.ProcessId);
        if (readySocket is not null)
        {
            DaemonChannel.ReportReady(readySocket);
            // As a daemon, hold no directory busy; every path in use was made absolute or opened by now.
            Directory.SetCurrentDirectory("/");
        }

        if (options.Runtime is > 0 and var runtime)
        {
            stop.CancelAfter(TimeValue.ToTimeSpan(runtime));
        }

        using (new AgentMonitor(() => Sample(server, engine, inputs), TimeValue.ToTimeSpan(options.MonitorInterval), logger, TimeProvider.System))
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            HostLog.Stopping(logger, reason);
            stopping();
            using var drain = new CancellationTokenSource(DrainTimeout);
            if (server is not null)
            {
                await server.StopAsync(drain.Token).ConfigureAwait(false);
            }

            // What the log inputs read until now still becomes spans: they stop before the final flush.
            await inputs.DisposeAsync().ConfigureAwait(false);
        }

        if (!engine.ForceFlush(FlushTimeout))
        {
            HostLog.FlushTimedOut(logger, TimeValue.Format(FlushTimeout));
        }

        HostLog.Stopped(logger);
        return (ExitCodes.Ok, null);
    }

    private static MonitorSample Sample(SpopServer? server, TracingEngine engine, LogInputs inputs)
    {
        var s = server?.Metrics;
        var t = engine.Metrics;
        return new MonitorSample(TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond),
            s?.ConnectionsOpen ?? 0, s?.NotifyFrames ?? 0, s?.MessagesHandled ?? 0,
            t.SpansStarted, t.SpansFinished, t.SpansReaped, t.SpansDropped, t.OpenTraces, t.ExportQueueDepth, inputs.Sample());
    }
}
