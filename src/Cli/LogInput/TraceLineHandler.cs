using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Syslog;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Requests;

namespace SpoaOpenTracing.Cli.LogInput;

/// <summary>
/// The syslog side of log mode: each message's body is a trace line (examples/haproxy-logs.cfg), parsed into this
/// thread's <see cref="RequestRecord"/> and handed to <see cref="TracingEngine.Record"/>; anything else is counted
/// by reason and logged at most once a second. Runs on the listener's receive loops and never blocks: the engine
/// queues spans for export.
/// </summary>
internal sealed class TraceLineHandler : ISyslogHandler
{
    [ThreadStatic]
    private static RequestRecord? t_record;

    private readonly TracingEngine _engine;
    private readonly TraceLineParser _parser;
    private readonly string _input;
    private readonly ILogger _logger;
    private readonly LogLimiter _badLineLog = new();
    private readonly LogLimiter _notRecordedLog = new();

    public TraceLineHandler(TracingEngine engine, TraceLineParser parser, string input, ILogger logger)
    {
        _engine = engine;
        _parser = parser;
        _input = input;
        _logger = logger;
    }

    public LogInputCounters Counters { get; } = new();

    public void HandleMessage(in SyslogMessage message)
    {
        var record = t_record ??= new RequestRecord();
        var body = message.Body;
        var result = _parser.Parse(body, record);
        Counters.Line(result);
        if (result != TraceLineError.None)
        {
            if (_logger.IsEnabled(LogLevel.Warning) && _badLineLog.TryEnter(out var suppressed))
            {
                LogInputLog.BadLine(_logger, _input, result.ToString(), suppressed, LogText.Bounded(body));
            }

            return;
        }

        var outcome = _engine.Record(record);
        Counters.Recorded(outcome, outcome == RequestOutcome.Recorded ? (record.ReachedServer ? 2 : 1) : 0);
        if (outcome != RequestOutcome.Recorded && _logger.IsEnabled(LogLevel.Warning) && _notRecordedLog.TryEnter(out var held))
        {
            LogInputLog.NotRecorded(_logger, _input, outcome.ToString(), held, LogText.Bounded(body));
        }
    }
}
