using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>The tracing options the program built, and where each of <see cref="TracingSettings.All"/> came from.</summary>
internal sealed record ConfiguredTracing(TracingOptions Options, IReadOnlyDictionary<string, string> Sources);
