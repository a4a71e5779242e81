using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// <c>-i</c>: one statistics line per interval at Information, in every build (the seed logged only in debug builds):
/// connections, frame and message rates since the previous line, span counters, open traces, export queue depth; then one line per log input (lines/s, spans, bad lines,
/// frame errors, kernel receive-buffer drops).
/// </summary>
internal sealed class AgentMonitor : IDisposable
{
    private readonly Func<MonitorSample> _sample;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private MonitorSample _previous;

    public AgentMonitor(Func<MonitorSample> sample, TimeSpan interval, ILogger logger, TimeProvider time)
    {
        _sample = sample;
        _logger = logger;
        _previous = sample();
        _timer = time.CreateTimer(static state => ((AgentMonitor)state!).Tick(), this, interval, interval);
    }

    /// <summary>Logs one line for the time since the previous one.</summary>
    public void Tick()
    {
        lock (_lock)
        {
            var now = _sample();
            var seconds = (now.At - _previous.At).TotalSeconds;
            double Rate(long current, long before) => seconds > 0 ? (current - before) / seconds : 0;
            HostLog.Monitor(_logger, now.Connections, Rate(now.Frames, _previous.Frames), Rate(now.Messages, _previous.Messages),
                now.SpansStarted, now.SpansFinished, now.SpansReaped, now.SpansDropped, now.OpenTraces, now.ExportQueue);
            foreach (var input in now.Inputs ?? [])
            {
                var before = _previous.Inputs?.FirstOrDefault(p => p.Input == input.Input).Lines ?? 0;
                LogInput.LogInputLog.Monitor(_logger, input.Input, Rate(input.Lines, before), input.Spans, input.BadLines,
                    input.FrameErrors, input.ReceiveBufferDrops);
            }

            _previous = now;
        }
    }

    public void Dispose() => _timer.Dispose();
}
