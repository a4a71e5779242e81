using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.LogInput;

/// <summary>The log inputs' lines: event ids 320-339 of the program's range.</summary>
internal static partial class LogInputLog
{
    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "reading trace lines on {Input} (bound to {EndPoint})")]
    public static partial void Listening(ILogger logger, string input, string endPoint);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning,
        Message = "{Input}: line skipped ({Reason}), {Suppressed} more bad line(s) not logged since the last: {Line}")]
    public static partial void BadLine(ILogger logger, string input, string reason, int suppressed, string line);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning,
        Message = "{Input}: trace line not recorded ({Outcome}), {Suppressed} more not logged since the last: {Line}")]
    public static partial void NotRecorded(ILogger logger, string input, string outcome, int suppressed, string line);

    [LoggerMessage(EventId = 323, Level = LogLevel.Information,
        Message = "monitor: {Input}: {LinesPerSecond:F1} lines/s, spans {Spans}, bad lines {BadLines}, frame errors {FrameErrors}, receive-buffer drops {Drops}")]
    public static partial void Monitor(ILogger logger, string input, double linesPerSecond, long spans, long badLines, long frameErrors, long drops);
}
