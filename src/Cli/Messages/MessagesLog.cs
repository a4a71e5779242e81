using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Messages;

/// <summary>The program's message handlers' log lines: event ids 300-319 of the program's range (Spop has 100-199).</summary>
internal static partial class MessagesLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "check-client-ip: {Address} scored {Score}")]
    public static partial void ClientIpScored(ILogger logger, string address, uint score);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "check-client-ip ignored: expected one IPv4/IPv6 argument, got {Count} argument(s)")]
    public static partial void ClientIpIgnored(ILogger logger, int count);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "test: {Count} argument(s)")]
    public static partial void TestMessage(ILogger logger, int count);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "test[{Index}] name='{Name}' type={Type}: {Value}")]
    public static partial void TestArgument(ILogger logger, int index, string name, int type, string value);

    [LoggerMessage(EventId = 304, Level = LogLevel.Trace, Message = "message '{Name}' ignored: no handler")]
    public static partial void MessageIgnored(ILogger logger, string name);
}
