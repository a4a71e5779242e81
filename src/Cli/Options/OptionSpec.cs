namespace SpoaOpenTracing.Cli.Options;

/// <summary>One entry of the option table, as in getopt_long's <c>struct option</c>.</summary>
/// <param name="Short">The short letter, or <c>'\0'</c> for a long-only option.</param>
/// <param name="Long">The long name without the leading dashes.</param>
/// <param name="HasArgument">Whether the option takes a required argument (getopt's <c>required_argument</c>).</param>
internal sealed record OptionSpec(char Short, string Long, bool HasArgument);
