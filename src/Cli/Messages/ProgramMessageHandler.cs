using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Messages;

/// <summary>
/// The seed's dispatch: <c>check-client-ip</c> and <c>test</c> exactly, every name starting with <c>opentracing:</c>
/// to the tracing handler; other messages are ignored (HAProxy still gets its ACK).
/// </summary>
internal sealed class ProgramMessageHandler : IMessageHandler
{
    private readonly IMessageHandler _tracing;
    private readonly CheckClientIpHandler _checkClientIp;
    private readonly TestMessageHandler _test;
    private readonly ILogger _logger;

    public ProgramMessageHandler(IMessageHandler tracing, ILoggerFactory loggerFactory)
    {
        _tracing = tracing;
        _logger = loggerFactory.CreateLogger<ProgramMessageHandler>();
        _checkClientIp = new CheckClientIpHandler(loggerFactory.CreateLogger<CheckClientIpHandler>());
        _test = new TestMessageHandler(loggerFactory.CreateLogger<TestMessageHandler>());
    }

    public static ReadOnlySpan<byte> TracingPrefix => "opentracing:"u8;

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        if (message.NameStartsWith(TracingPrefix))
        {
            _tracing.HandleMessage(in message, ref actions);
        }
        else if (message.NameEquals(CheckClientIpHandler.MessageName))
        {
            _checkClientIp.HandleMessage(in message, ref actions);
        }
        else if (message.NameEquals(TestMessageHandler.MessageName))
        {
            _test.HandleMessage(in message, ref actions);
        }
        else if (_logger.IsEnabled(LogLevel.Trace))
        {
            MessagesLog.MessageIgnored(_logger, LogText.Bounded(message.Name));
        }
    }
}
