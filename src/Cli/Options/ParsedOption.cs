namespace SpoaOpenTracing.Cli.Options;

/// <summary>One option occurrence found by <see cref="GetoptParser"/>, in command-line order.</summary>
internal readonly record struct ParsedOption(OptionSpec Spec, string? Argument);
