using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Logging;

/// <summary>
/// Maps the seed's <c>-d</c> bit mask onto log levels: bit 0 (function trace) = Trace everywhere, bit 4 (debug) =
/// Debug, bit 3 (info) = Information, neither = Warning; bit 7 (spoa) = the <c>SpoaOpenTracing.Spop</c> category at
/// Debug, bit 8 (opentracing) = <c>SpoaOpenTracing.Tracing</c> at Debug; -1 = all bits. No <c>-d</c> = Information.
/// </summary>
internal static class DebugLevel
{
    public const string SpopCategory = "SpoaOpenTracing.Spop";
    public const string TracingCategory = "SpoaOpenTracing.Tracing";

    public static LogLevel MinimumLevel(int? mask) => mask switch
    {
        null => LogLevel.Information,
        _ when (mask.Value & 1) != 0 => LogLevel.Trace,
        _ when (mask.Value & (1 << 4)) != 0 => LogLevel.Debug,
        _ when (mask.Value & (1 << 3)) != 0 => LogLevel.Information,
        _ => LogLevel.Warning,
    };

    public static void Configure(ILoggingBuilder builder, int? mask)
    {
        var minimum = MinimumLevel(mask);
        builder.SetMinimumLevel(minimum);
        if (mask is { } bits && minimum > LogLevel.Debug)
        {
            if ((bits & (1 << 7)) != 0)
            {
                builder.AddFilter(SpopCategory, LogLevel.Debug);
            }

            if ((bits & (1 << 8)) != 0)
            {
                builder.AddFilter(TracingCategory, LogLevel.Debug);
            }
        }
    }
}
