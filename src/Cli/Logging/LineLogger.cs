using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Logging;

/// <summary>One line per event: <c>2026-08-01 12:00:00.123 I Category[event]: message</c>, exception on the following lines.</summary>
internal sealed class LineLogger(string category, LogSink sink) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = new StringBuilder(128)
            .Append(DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(Letter(logLevel))
            .Append(' ')
            .Append(category)
            .Append('[')
            .Append(eventId.Id.ToString(CultureInfo.InvariantCulture))
            .Append("]: ")
            .Append(formatter(state, exception));
        if (exception is not null)
        {
            line.Append(Environment.NewLine).Append(exception);
        }

        sink.WriteLine(line.ToString());
    }

    public static char Letter(LogLevel level) => level switch
    {
        LogLevel.Trace => 'T',
        LogLevel.Debug => 'D',
        LogLevel.Information => 'I',
        LogLevel.Warning => 'W',
        LogLevel.Error => 'E',
        _ => 'C',
    };
}
