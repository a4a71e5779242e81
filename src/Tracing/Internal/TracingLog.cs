using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>The engine's log lines; ids 3000-3099 belong to tracing.</summary>
internal static partial class TracingLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "opentracing message '{MessageName}' ignored: {Reason} ({Suppressed} similar lines suppressed)")]
    public static partial void MessageFailed(ILogger logger, string messageName, string reason, int suppressed);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "opentracing message '{MessageName}': argument refused: {Reason} ({Suppressed} similar lines suppressed)")]
    public static partial void ArgumentRefused(ILogger logger, string messageName, string reason, int suppressed);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "new trace refused: {Max} traces are open (MaxOpenTraces) ({Suppressed} similar lines suppressed)")]
    public static partial void TraceRefused(ILogger logger, int max, int suppressed);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug,
        Message = "reaped {Traces} idle trace(s), ended {Spans} span(s)")]
    public static partial void Reaped(ILogger logger, int traces, int spans);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "export queue full ({Capacity}): finished span dropped ({Suppressed} similar lines suppressed)")]
    public static partial void ExportQueueFull(ILogger logger, int capacity, int suppressed);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "exporter failed a batch of {Count} span(s) ({Suppressed} similar lines suppressed)")]
    public static partial void ExportFailed(ILogger logger, int count, int suppressed, Exception? exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information,
        Message = "tracing: exporter {Exporter}, endpoint {Endpoint}, service {ServiceName}")]
    public static partial void ExporterConfigured(ILogger logger, ExporterKind exporter, string endpoint, string serviceName);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning,
        Message = "tracing shutdown did not complete within {Timeout}; unexported spans may be lost")]
    public static partial void ShutdownIncomplete(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error,
        Message = "reaper pass failed")]
    public static partial void ReaperFailed(ILogger logger, Exception exception);
}
