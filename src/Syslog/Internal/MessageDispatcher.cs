using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// The step every receive loop ends in: parses a frame's header, hands the message to the handler, and counts and
/// logs (at most once a second per reason) what is skipped. Shared by the loops of one listener.
/// </summary>
internal sealed class MessageDispatcher
{
    private readonly ISyslogHandler _handler;
    private readonly SyslogInputMetrics _metrics;
    private readonly ILogger _logger;
    private readonly LogLimiter[] _frameErrorLogs = [new(), new(), new(), new()];
    private readonly LogLimiter _handlerErrorLog = new();

    public MessageDispatcher(string input, ISyslogHandler handler, SyslogInputMetrics metrics, ILogger logger)
    {
        Input = input;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The listener's <see cref="SyslogEndpoint.Text"/>, for log lines.</summary>
    public string Input { get; }

    public SyslogInputMetrics Metrics => _metrics;

    public ILogger Logger => _logger;

    public void Dispatch(ReadOnlySpan<byte> frame)
    {
        if (!SyslogHeader.TryParse(frame, out var message, out var error))
        {
            _metrics.BadFrame(error);
            if (TryLog(error, out var suppressed))
            {
                SyslogLog.BadHeader(_logger, Input, LogText.Bounded(frame), suppressed);
            }

            return;
        }

        _metrics.Message();
        try
        {
            _handler.HandleMessage(in message);
        }
        catch (Exception ex)
        {
            _metrics.HandlerError();
            if (_handlerErrorLog.TryEnter(out var suppressed))
            {
                SyslogLog.HandlerError(_logger, Input, suppressed, ex);
            }
        }
    }

    /// <summary>Counts a frame skipped without parsing (oversized, truncated).</summary>
    public void Skipped(SyslogFrameError reason)
    {
        _metrics.BadFrame(reason);
        if (TryLog(reason, out var suppressed))
        {
            SyslogLog.FrameSkipped(_logger, Input, reason, suppressed);
        }
    }

    /// <summary>True when a line for <paramref name="reason"/> may be written now (at most one a second per reason).</summary>
    public bool TryLog(SyslogFrameError reason, out int suppressed) =>
        _frameErrorLogs[(int)reason].TryEnter(out suppressed) && _logger.IsEnabled(LogLevel.Warning);
}
