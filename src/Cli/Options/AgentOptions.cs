using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Options;

/// <summary>What the command line asked for, validated, with the seed's defaults (except the address, see <see cref="Address"/>).</summary>
internal sealed class AgentOptions
{
    public const int DefaultPort = 12345;

    public bool Help { get; set; }

    public bool Version { get; set; }

    /// <summary><c>--check</c>: print the effective configuration and exit.</summary>
    public bool Check { get; set; }

    /// <summary>Loopback by default, unlike the seed's 0.0.0.0: an agent reachable from anywhere is a choice to make explicitly.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public List<string> ExtraAddresses { get; } = [];

    /// <summary>0 (with <c>--syslog</c> only): no SPOE TCP listener, the agent reads trace lines alone.</summary>
    public int Port { get; set; } = DefaultPort;

    public string? UnixSocketPath { get; set; }

    public UnixFileMode? UnixSocketMode { get; set; }

    public int Backlog { get; set; } = 10;

    public bool Fragmentation { get; set; }

    public bool Async { get; set; }

    public bool Daemonize { get; set; }

    /// <summary>The <c>-d</c> bit mask, null when not given.</summary>
    public int? DebugLevel { get; set; }

    public string? PidFile { get; set; }

    public ulong MonitorInterval { get; set; } = 5 * TimeValue.Second;

    public string? LogFile { get; set; }

    public LogFileMode LogFileMode { get; set; }

    /// <summary>Capital <c>A</c>/<c>W</c>: flush after every line.</summary>
    public bool LogFileLineBuffered { get; set; }

    public int MaxFrameSize { get; set; } = SpopServerOptions.DefaultMaxFrameSize;

    public int NumWorkers { get; set; } = 10;

    /// <summary>Microseconds, 0 = unlimited; null = <c>-r</c> not given (a run refuses to start).</summary>
    public ulong? Runtime { get; set; }

    public ulong ProcessingDelay { get; set; }

    public string? TimeoutMessage { get; set; }

    public string? TracerConfig { get; set; }

    public string? TracerPlugin { get; set; }

    /// <summary>New traces per second, 0 = no limit; null = not given.</summary>
    public double? RateLimit { get; set; }

    public ulong? IdleTimeout { get; set; }

    public int? MaxTraces { get; set; }

    public int? MaxSpansPerTrace { get; set; }

    public int MaxConnections { get; set; }

    /// <summary>Start no trace without a valid incoming context (<c>--require-context</c>).</summary>
    public bool RequireContext { get; set; }

    public ulong HandshakeTimeout { get; set; } = 5 * TimeValue.Second;

    /// <summary><c>--syslog</c>, repeatable: the log inputs that read trace lines (log mode), in the order given.</summary>
    public List<Syslog.SyslogEndpoint> SyslogInputs { get; } = [];

    /// <summary><c>--syslog-remote</c>: the log inputs may listen on addresses that are not loopback.</summary>
    public bool SyslogRemote { get; set; }

    /// <summary>Where <c>/metrics</c> and <c>/healthz</c> are served; null = no metrics listener.</summary>
    public Metrics.MetricsEndpoint? MetricsAddress { get; set; }

    /// <summary>Long names of the options given on the command line, to tell explicit values from defaults.</summary>
    public HashSet<string> Given { get; } = new(StringComparer.Ordinal);

    /// <summary>Remarks about accepted options that do nothing here (e.g. <c>-B</c>), logged at start.</summary>
    public List<string> Notices { get; } = [];
}
