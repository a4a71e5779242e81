namespace SpoaOpenTracing.Cli.Config;

/// <summary>How <c>--check</c> names where a setting's value came from.</summary>
internal static class TracingSources
{
    public const string Default = "default";
    public const string CommandLine = "command line";

    public static string Environment(string variable) => "env " + variable;

    public static string File(string path) => "-C " + path;
}
