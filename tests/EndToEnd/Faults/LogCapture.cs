using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Keeps every log line of the agent (level, category, text) so a test can count what a fault made it say.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public LogCapture()
    {
        Factory = LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Debug));
    }

    public ILoggerFactory Factory { get; }

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => [.. _lines];

    /// <summary>Lines at Information or above: what an operator sees by default.</summary>
    public IReadOnlyList<string> Visible(LogLevel minimum = LogLevel.Information) =>
        [.. _lines.Where(l => l.Level >= minimum).Select(l => $"{l.Level} {l.Category}: {l.Text}")];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The factory owns this provider; <see cref="FaultAgent"/> disposes the factory.</summary>
    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
