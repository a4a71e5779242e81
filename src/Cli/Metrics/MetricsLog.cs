using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Metrics;

/// <summary>The metrics listener's log lines; ids 60-69.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "metrics on http://{EndPoint}/metrics, health on http://{EndPoint}/healthz")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 61, Level = LogLevel.Debug, Message = "health probe not answered: {Reason}")]
    public static partial void HealthProbeFailed(ILogger logger, string reason);
}
