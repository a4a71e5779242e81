namespace SpoaOpenTracing.Cli.Config;

/// <summary>The names used in <see cref="Tracing.TracingOptions.Sources"/>: the setting names and where they came from.</summary>
internal static class TracingSources
{
    public const string Default = "default";
    public const string CommandLine = "command line";

    public static string Environment(string variable) => "env " + variable;

    public static string File(string path) => "-C " + path;

    public static readonly string[] Settings =
    [
        "ServiceName", "Exporter", "OtlpProtocol", "Endpoint", "Headers", "ExportTimeout", "ResourceAttributes",
        "MaxExportQueueSize", "MaxExportBatchSize", "ScheduledExportDelay", "TimeoutMessage", "IdleTimeout",
        "MaxOpenTraces", "MaxSpansPerTrace", "Sampler", "SamplerArgument", "RateLimitPerSecond", "BatchExportTimeout",
        "MaxAttributesPerSpan", "MaxEventsPerSpan", "Propagators", "RequireContext", "AttributeValueLengthLimit",
    ];
}
