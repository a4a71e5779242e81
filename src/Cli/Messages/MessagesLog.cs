using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Messages;

internal static partial class MessagesLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "check-client-ip: {Address} scored {Score}")]
    public static partial void ClientIpScored(ILogger logger, string address, uint score);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "check-client-ip ignored: expected one IPv4/IPv6 argument, got {Count} argument(s)")]
    public static partial void ClientIpIgnored(ILogger logger, int count);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "test: {Count} argument(s)")]
    public static partial void TestMessage(ILogger logger, int count);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "test[{Index}] name='{Name}' type={Type}: {Value}")]
    public static partial void TestArgument(ILogger logger, int index, string name, int type, string value);

    [LoggerMessage(EventId = 104, Level = LogLevel.Trace, Message = "message '{Name}' ignored: no handler")]
    public static partial void MessageIgnored(ILogger logger, string name);
}
