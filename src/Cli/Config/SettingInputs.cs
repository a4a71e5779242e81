using SpoaOpenTracing.Cli.Options;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>What the file and command-line layers read: the parsed command line, the <c>-C</c> file, the <c>-T</c> choice.</summary>
internal sealed record SettingInputs(AgentOptions CommandLine, TracerConfig? File, TracerSelection? Selection);
