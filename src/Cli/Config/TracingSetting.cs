using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>
/// One row of <see cref="TracingSettings.All"/>: a setting of <see cref="TracingOptions"/>, each layer that can set
/// it, and how <c>--check</c> shows it. Its default is the one <see cref="TracingOptions"/> starts with. Each
/// <c>From…</c> returns false when its layer leaves the setting alone.
/// </summary>
internal sealed class TracingSetting
{
    /// <summary>The <see cref="TracingOptions"/> property, which is also the name <c>--check</c> prints.</summary>
    public required string Name { get; init; }

    /// <summary>The <c>OTEL_*</c> variables that may set it, most specific first: the first set one that applies wins.</summary>
    public string[] Variables { get; init; } = [];

    /// <summary>Parses the value of one of <see cref="Variables"/> (named in its errors) into the options.</summary>
    public Func<TracingOptions, string, string, bool>? FromVariable { get; init; }

    public Func<SettingInputs, TracingOptions, bool>? FromFile { get; init; }

    /// <summary>The long command-line option that sets it (parsed by <c>AgentOptionsParser</c>).</summary>
    public string? Option { get; init; }

    public Func<SettingInputs, TracingOptions, bool>? FromCommandLine { get; init; }

    /// <summary>The value as <c>--check</c> prints it.</summary>
    public required Func<TracingOptions, object> Show { get; init; }

    /// <summary>A variable whose parsed value is always applied.</summary>
    public static Func<TracingOptions, string, string, bool> Parsed<T>(Func<string, string, T> parse, Action<TracingOptions, T> set) =>
        (options, variable, text) =>
        {
            set(options, parse(variable, text));
            return true;
        };

    /// <summary>A layer value that is applied when present.</summary>
    public static bool Apply<T>(T? value, TracingOptions options, Action<TracingOptions, T> set)
        where T : struct
    {
        if (value is { } v)
        {
            set(options, v);
        }

        return value.HasValue;
    }

    public static bool Apply(string? value, TracingOptions options, Action<TracingOptions, string> set)
    {
        if (value is not null)
        {
            set(options, value);
        }

        return value is not null;
    }
}
