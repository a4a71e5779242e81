using System.Net.Sockets;
using SpoaOpenTracing.Cli.Config;
using SpoaOpenTracing.Cli.Hosting;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        StopSignals.UndoInheritedIgnores();

        // Before any thread has mallocked: an arena, once made, stays.
        GlibcHeap.LimitArenas(2);

        return Run(args, Console.Out, Console.Error, ReadEnvironment());
    }

    /// <summary>Parse, then help, version, <c>--check</c>, or a run; returns the exit status.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment)
    {
        AgentOptions options;
        try
        {
            options = AgentOptionsParser.Parse(args);
        }
        catch (UsageException e)
        {
            return Usage(stdout, stderr, e.Message);
        }

        if (options.Help)
        {
            stdout.Write(HelpText.Full);
            return ExitCodes.Ok;
        }

        if (options.Version)
        {
            stdout.Write(HelpText.Version);
            return ExitCodes.Ok;
        }

        return options.Check ? Check(options, stdout, stderr, environment) : AgentHost.Run(options, args, stdout, stderr, environment);
    }

    private static int Check(AgentOptions options, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment)
    {
        try
        {
            var notices = new List<string>(options.Notices);
            var tracing = TracingConfiguration.Build(options, environment, notices);
            tracing.Options.Validate();
            var server = ServerOptionsBuilder.Build(options);
            stdout.Write(ConfigurationReport.Format(options, server, tracing, notices));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ConfigException or TracingConfigurationException or SocketException)
        {
            return Usage(stdout, stderr, e.Message);
        }
    }

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }

    internal static int Usage(TextWriter stdout, TextWriter stderr, string message)
    {
        stderr.WriteLine("ERROR: " + message);
        stdout.WriteLine(HelpText.ShortUsage);
        return ExitCodes.Usage;
    }
}
