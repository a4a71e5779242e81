using System.Globalization;
using System.Text;
using SpoaOpenTracing.Cli.Config;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>The <c>--check</c> output: every effective setting and where it came from.</summary>
internal static class ConfigurationReport
{
    public static string Format(AgentOptions cli, SpopServerOptions server, ConfiguredTracing tracing, IReadOnlyList<string> notices)
    {
        var text = new StringBuilder();
        text.AppendLine("# agent");
        void Agent(string name, string longOptions, object? value) =>
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-25} = {value,-40} ({(longOptions.Split(',').Any(cli.Given.Contains) ? TracingSources.CommandLine : TracingSources.Default)})");

        Agent("listen", "address,port,unix-socket,ipv6-address",
            server.EndPoints.Count == 0 ? "none (-p 0)" : string.Join(", ", server.EndPoints.Select(ServerOptionsBuilder.Describe)));
        Agent("syslog", "syslog,syslog-remote", cli.SyslogInputs.Count == 0 ? "none"
            : string.Join(", ", cli.SyslogInputs.Select(s => s.Text)) + (cli.SyslogRemote ? " (remote allowed)" : string.Empty));
        Agent("backlog", "connection-backlog", server.Backlog);
        Agent("max-frame-size", "max-frame-size", server.MaxFrameSize);
        Agent("capabilities", "capability", Capabilities(server));
        Agent("max-concurrent-frames", "num-workers", server.MaxConcurrentFrames);
        Agent("max-connections", "max-connections", server.MaxConnections);
        Agent("handshake-timeout", "handshake-timeout", TimeValue.Format(server.HandshakeTimeout));
        Agent("metrics-address", "metrics-address", cli.MetricsAddress?.ToString() ?? "none");
        Agent("processing-delay", "processing-delay", TimeValue.Format(server.ProcessingDelay));
        Agent("runtime", "runtime", cli.Runtime is { } r ? (r == 0 ? "unlimited" : TimeValue.Format(r)) : "not set");
        Agent("monitor-interval", "monitor-interval", TimeValue.Format(cli.MonitorInterval));
        Agent("daemonize", "daemonize", cli.Daemonize);
        Agent("pidfile", "pidfile", cli.PidFile ?? "none");
        Agent("logfile", "logfile", cli.LogFile is null ? "stdout" : $"{cli.LogFile} ({cli.LogFileMode}{(cli.LogFileLineBuffered ? ", line-buffered" : string.Empty)})");
        Agent("debug", "debug", cli.DebugLevel?.ToString(CultureInfo.InvariantCulture) ?? "off");

        text.AppendLine("# tracing");
        foreach (var setting in TracingSettings.All)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{setting.Name,-25} = {setting.Show(tracing.Options),-40} ({tracing.Sources.GetValueOrDefault(setting.Name, TracingSources.Default)})");
        }

        foreach (var notice in notices)
        {
            text.AppendLine("# note: " + notice);
        }

        return text.ToString();
    }

    private static string Capabilities(SpopServerOptions server)
    {
        var list = new List<string>();
        if (server.Pipelining)
        {
            list.Add("pipelining");
        }

        if (server.Async)
        {
            list.Add("async");
        }

        if (server.Fragmentation)
        {
            list.Add("fragmentation");
        }

        return string.Join(",", list);
    }
}
