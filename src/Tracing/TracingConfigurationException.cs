namespace SpoaOpenTracing.Tracing;

/// <summary>A tracing setting (an option or an <c>OTEL_*</c> variable) has a value we cannot use.</summary>
public sealed class TracingConfigurationException : Exception
{
    public TracingConfigurationException(string setting, string message)
        : base(message)
    {
        Setting = setting;
    }

    /// <summary>The variable or option at fault, e.g. <c>OTEL_BSP_MAX_QUEUE_SIZE</c>.</summary>
    public string Setting { get; }
}
