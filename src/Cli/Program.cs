using System.Net.Sockets;
using SpoaOpenTracing.Cli.Config;
using SpoaOpenTracing.Cli.Hosting;
using SpoaOpenTracing.Cli.Options;

namespace SpoaOpenTracing.Cli;

internal static class Program
{
    public static int Main(string[] args) =>
        Run(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);

    /// <summary>Parse, then help, version, <c>--check</c>, or a run; returns the exit status.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> getVariable)
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

        return options.Check ? Check(options, stdout, stderr, getVariable) : AgentHost.Run(options, args, stdout, stderr, getVariable);
    }

    private static int Check(AgentOptions options, TextWriter stdout, TextWriter stderr, Func<string, string?> getVariable)
    {
        try
        {
            var notices = new List<string>(options.Notices);
            var tracing = TracingConfiguration.Build(options, getVariable, notices);
            var server = ServerOptionsBuilder.Build(options);
            stdout.Write(ConfigurationReport.Format(options, server, tracing, notices));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ConfigException or SocketException)
        {
            return Usage(stdout, stderr, e.Message);
        }
    }

    internal static int Usage(TextWriter stdout, TextWriter stderr, string message)
    {
        stderr.WriteLine("ERROR: " + message);
        stdout.WriteLine(HelpText.ShortUsage);
        return ExitCodes.Usage;
    }
}
