using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Logging;

internal sealed class LineLoggerProvider(LogSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, sink);

    public void Dispose() => sink.Flush();
}
