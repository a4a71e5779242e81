using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Messages;

/// <summary>
/// The seed's dispatch: <c>check-client-ip</c> and <c>test</c> exactly, everything else to the tracing engine, which
/// takes the names starting with <c>opentracing:</c> and ignores the rest (HAProxy still gets its ACK). The prefix is
/// the engine's to check, once per message.
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

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        if (message.NameEquals(CheckClientIpHandler.MessageName))
        {
            _checkClientIp.HandleMessage(in message, ref actions);
            return;
        }

        if (message.NameEquals(TestMessageHandler.MessageName))
        {
            _test.HandleMessage(in message, ref actions);
            return;
        }

        if (_logger.IsEnabled(LogLevel.Trace) && !message.NameStartsWith(TracingEngine.MessagePrefix))
        {
            MessagesLog.MessageIgnored(_logger, LogText.Bounded(message.Name));
        }

        _tracing.HandleMessage(in message, ref actions);
    }
}
