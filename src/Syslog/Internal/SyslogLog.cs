using System.Net;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>Every log line of the syslog input, source-generated, with fixed event ids in Syslog's range 400-499
/// (Spop has 100-199, Tracing 200-299, the program 300-399): 400-409 listener, 410-419 connection, 420-429 frames,
/// 430-439 handler, 440-449 failures.</summary>
internal static partial class SyslogLog
{
    public const string Category = "SpoaOpenTracing.Syslog";

    [LoggerMessage(400, LogLevel.Information, "Receiving syslog on {Input} ({EndPoint})")]
    public static partial void Listening(ILogger logger, string input, EndPoint? endPoint);

    [LoggerMessage(401, LogLevel.Information, "Syslog input {Input} stopped")]
    public static partial void Stopped(ILogger logger, string input);

    [LoggerMessage(410, LogLevel.Debug, "Syslog connection from {Peer} to {Input} opened")]
    public static partial void ConnectionOpened(ILogger logger, EndPoint? peer, string input);

    [LoggerMessage(411, LogLevel.Debug, "Syslog connection from {Peer} to {Input} closed")]
    public static partial void ConnectionClosed(ILogger logger, EndPoint? peer, string input);

    [LoggerMessage(412, LogLevel.Warning, "Syslog connection from {Peer} to {Input} refused: {Limit} connections open")]
    public static partial void ConnectionRefused(ILogger logger, EndPoint? peer, string input, int limit);

    [LoggerMessage(413, LogLevel.Debug, "Syslog connection from {Peer} to {Input} reset by the peer")]
    public static partial void ConnectionReset(ILogger logger, EndPoint? peer, string input, Exception exception);

    [LoggerMessage(420, LogLevel.Warning, "Syslog frame on {Input} skipped: bad header in \"{Sample}\" ({Suppressed} more in the last second not logged)")]
    public static partial void BadHeader(ILogger logger, string input, string sample, int suppressed);

    [LoggerMessage(421, LogLevel.Warning, "Syslog frame on {Input} skipped: {Reason} ({Suppressed} more in the last second not logged)")]
    public static partial void FrameSkipped(ILogger logger, string input, SyslogFrameError reason, int suppressed);

    [LoggerMessage(422, LogLevel.Warning, "Syslog connection from {Peer} to {Input} closed: no syslog framing at \"{Sample}\" ({Suppressed} more in the last second not logged)")]
    public static partial void BadFraming(ILogger logger, EndPoint? peer, string input, string sample, int suppressed);

    [LoggerMessage(430, LogLevel.Warning, "Syslog handler failed on a message of {Input}; the input goes on ({Suppressed} more failures in the last second not logged)")]
    public static partial void HandlerError(ILogger logger, string input, int suppressed, Exception exception);

    [LoggerMessage(440, LogLevel.Error, "Receiving on syslog input {Input} failed; receiving goes on")]
    public static partial void ReceiveFailed(ILogger logger, string input, Exception exception);

    [LoggerMessage(441, LogLevel.Error, "Accepting on syslog input {Input} failed; accepting goes on")]
    public static partial void AcceptFailed(ILogger logger, string input, Exception exception);

    [LoggerMessage(442, LogLevel.Error, "Unexpected error on the syslog connection from {Peer} to {Input}; closing it")]
    public static partial void UnexpectedError(ILogger logger, EndPoint? peer, string input, Exception exception);
}
