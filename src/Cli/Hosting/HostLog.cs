using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Hosting;

internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Program} v{Version} starting (pid {Pid})")]
    public static partial void Starting(ILogger logger, string program, string version, int pid);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Notice}")]
    public static partial void Notice(ILogger logger, string notice);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "stopping: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "second signal {Signal}: exiting without draining")]
    public static partial void Aborting(ILogger logger, string signal);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "unable to listen: {Message}")]
    public static partial void ListenFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "the exporter did not flush within {Timeout}")]
    public static partial void FlushTimedOut(ILogger logger, string timeout);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "monitor: {Connections} connection(s), {FramesPerSecond:F1} frames/s, {MessagesPerSecond:F1} messages/s, spans started {SpansStarted} finished {SpansFinished} reaped {SpansReaped} dropped {SpansDropped}, {OpenTraces} open trace(s), export queue {ExportQueue}")]
    public static partial void Monitor(ILogger logger, long connections, double framesPerSecond, double messagesPerSecond,
        long spansStarted, long spansFinished, long spansReaped, long spansDropped, long openTraces, long exportQueue);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "warm-up: {Requests} requests through the codec and engine in {Milliseconds} ms")]
    public static partial void WarmedUp(ILogger logger, int requests, long milliseconds);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "warm-up skipped: {Message}")]
    public static partial void WarmupFailed(ILogger logger, string message);
}
