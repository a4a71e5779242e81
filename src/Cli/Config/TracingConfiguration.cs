using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Config;

/// <summary>
/// Builds <see cref="TracingOptions"/> from <see cref="TracingSettings.All"/> in layers, each overwriting the one
/// before: defaults, then <c>OTEL_*</c> variables, then the <c>-C</c> file, then the command line, recording the
/// source of every setting.
/// </summary>
internal static class TracingConfiguration
{
    /// <exception cref="ConfigException">An <c>OTEL_*</c> value is unusable, the <c>-C</c> file cannot be read, or the <c>-T</c> tracer is unknown.</exception>
    public static ConfiguredTracing Build(AgentOptions cli, IDictionary<string, string?> environment, List<string> notices)
    {
        var options = new TracingOptions();
        var sources = TracingSettings.All.ToDictionary(s => s.Name, _ => TracingSources.Default, StringComparer.Ordinal);
        try
        {
            ApplyEnvironment(options, environment, sources);
        }
        catch (TracingConfigurationException e)
        {
            throw new ConfigException(e.Message, e);
        }

        var file = cli.TracerConfig is null ? null : TracerConfigReader.Read(cli.TracerConfig);
        if (file is not null)
        {
            notices.AddRange(file.Warnings);
        }

        var selection = cli.TracerPlugin is null ? null : TracerSelection.Resolve(cli.TracerPlugin);
        if (selection?.Notice is { } notice)
        {
            notices.Add(notice);
        }

        var inputs = new SettingInputs(cli, file, selection);
        foreach (var setting in TracingSettings.All)
        {
            if (file is not null && setting.FromFile is { } fromFile && fromFile(inputs, options))
            {
                sources[setting.Name] = TracingSources.File(file.Path);
            }
        }

        foreach (var setting in TracingSettings.All)
        {
            if (setting.FromCommandLine is { } fromCommandLine && fromCommandLine(inputs, options))
            {
                sources[setting.Name] = TracingSources.CommandLine;
            }
        }

        return new ConfiguredTracing(options, sources);
    }

    /// <summary>
    /// The <c>OTEL_*</c> layer alone. A variable set to an empty or blank value counts as unset; of a setting's
    /// variables, the first set one that applies wins (the traces-specific one over the generic one).
    /// </summary>
    /// <exception cref="TracingConfigurationException">A variable has a value we cannot use; the exception names it.</exception>
    public static void ApplyEnvironment(TracingOptions options, IDictionary<string, string?> environment, IDictionary<string, string> sources)
    {
        foreach (var setting in TracingSettings.All)
        {
            if (setting.FromVariable is not { } fromVariable)
            {
                continue;
            }

            foreach (var variable in setting.Variables)
            {
                if (environment.TryGetValue(variable, out var raw) && !string.IsNullOrWhiteSpace(raw) && fromVariable(options, variable, raw.Trim()))
                {
                    sources[setting.Name] = TracingSources.Environment(variable);
                    break;
                }
            }
        }
    }
}
