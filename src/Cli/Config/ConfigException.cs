namespace SpoaOpenTracing.Cli.Config;

/// <summary>A tracer configuration that cannot be used (the seed's tracer init failure, exit 255).</summary>
internal sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
