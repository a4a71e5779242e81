using System.Globalization;

namespace SpoaOpenTracing.Cli.Options;

/// <summary>Turns the command line into <see cref="AgentOptions"/> with the seed's option names, checks and messages.</summary>
internal static class AgentOptionsParser
{
    public const ulong MaxRuntime = 7 * TimeValue.Day;

    public const int MaxFrameSizeLimit = 16_777_215;

    /// <summary>The seed's libev backends; accepted for compatibility, meaningless on .NET.</summary>
    public static readonly string[] LibevBackends = ["select", "poll", "epoll", "kqueue", "devpoll", "port", "linuxaio", "iouring"];

    public static readonly OptionSpec[] Table =
    [
        new('a', "address", true),
        new('B', "libev-backend", true),
        new('b', "connection-backlog", true),
        new('c', "capability", true),
        new('D', "daemonize", false),
        new('d', "debug", true),
        new('F', "pidfile", true),
        new('h', "help", false),
        new('i', "monitor-interval", true),
        new('l', "logfile", true),
        new('m', "max-frame-size", true),
        new('n', "num-workers", true),
        new('p', "port", true),
        new('r', "runtime", true),
        new('t', "processing-delay", true),
        new('o', "ot-timeout-msg", true),
        new('C', "ot-tracer-config", true),
        new('T', "ot-tracer-plugin", true),
        new('V', "version", false),
        new('R', "ot-rate-limit", true),
        new('\0', "unix-socket", true),
        new('\0', "unix-socket-mode", true),
        new('\0', "ipv6-address", true),
        new('\0', "idle-timeout", true),
        new('\0', "max-traces", true),
        new('\0', "max-spans-per-trace", true),
        new('\0', "max-connections", true),
        new('\0', "handshake-timeout", true),
        new('\0', "metrics-address", true),
        new('\0', "check", false),
        new('\0', "require-context", false),
        new('\0', "syslog", true),
        new('\0', "syslog-remote", false),
    ];

    /// <summary>Parses and validates; <see cref="UsageException"/> for anything the seed would answer with exit 64.</summary>
    public static AgentOptions Parse(IReadOnlyList<string> args)
    {
        var operands = new List<string>();
        var parsed = GetoptParser.Parse(Table, args, operands);
        var options = new AgentOptions();
        var syslog = new List<string>();
        foreach (var option in parsed)
        {
            if (option.Spec.Long == "syslog")
            {
                // Read once every option is known: --syslog-remote may come after the addresses it allows.
                syslog.Add(option.Argument ?? string.Empty);
            }
            else
            {
                Apply(options, option.Spec.Long, option.Argument ?? string.Empty);
            }

            options.Given.Add(option.Spec.Long);
        }

        foreach (var address in syslog)
        {
            options.SyslogInputs.Add(SyslogAddress(address, options.SyslogRemote));
        }

        // The seed refuses -p 0; here it means "no SPOE listener", which only makes sense with a log input.
        if (options.Port == 0 && options.SyslogInputs.Count == 0)
        {
            throw new UsageException("invalid port '0'");
        }

        if (options.Help || options.Version)
        {
            return options;
        }

        if (operands.Count > 0)
        {
            throw new UsageException($"unexpected argument '{operands[0]}'");
        }

        if (options.Runtime is null && !options.Check)
        {
            throw new UsageException("runtime value not set");
        }

        return options;
    }

    private static void Apply(AgentOptions o, string name, string value)
    {
        switch (name)
        {
            case "address": o.Address = NonEmpty(value, "invalid address ''"); break;
            case "libev-backend": ApplyBackend(o, value); break;
            case "connection-backlog": o.Backlog = Integer(value, 0, int.MaxValue, $"invalid connection backlog '{value}'"); break;
            case "capability": ApplyCapability(o, value); break;
            case "daemonize": o.Daemonize = true; break;
            case "debug":
                o.DebugLevel = Integer(value, -1, 1023, $"invalid debug level (allowed range [-1, 1023]): '{value}'");
                break;
            case "pidfile": o.PidFile = NonEmpty(value, "pidfile name not set"); break;
            case "help": o.Help = true; break;
            case "monitor-interval": o.MonitorInterval = TimeValue.Parse(value, TimeValue.Second, 3600 * TimeValue.Second); break;
            case "logfile": ApplyLogFile(o, value); break;
            case "max-frame-size":
                o.MaxFrameSize = Integer(value, Spop.SpopServerOptions.MinMaxFrameSize, MaxFrameSizeLimit,
                    $"invalid maximum frame size (allowed range [{Spop.SpopServerOptions.MinMaxFrameSize}, {MaxFrameSizeLimit}]): '{value}'");
                break;
            case "num-workers": o.NumWorkers = Integer(value, 1, 1000, $"invalid number of workers '{value}'"); break;
            case "port": o.Port = Integer(value, 0, 65535, $"invalid port '{value}'"); break;
            case "runtime": o.Runtime = TimeValue.Parse(value, 0, MaxRuntime); break;
            case "processing-delay": o.ProcessingDelay = TimeValue.Parse(value, 0, TimeValue.Second); break;
            case "ot-timeout-msg": o.TimeoutMessage = value.Length > 8191 ? value[..8191] : value; break;
            case "ot-tracer-config": o.TracerConfig = NonEmpty(value, "the tracer configuration file not specified"); break;
            case "ot-tracer-plugin": o.TracerPlugin = NonEmpty(value, "the tracer not specified"); break;
            case "version": o.Version = true; break;
            case "ot-rate-limit": o.RateLimit = RateLimit(value); break;
            case "unix-socket": o.UnixSocketPath = NonEmpty(value, "unix socket path not set"); break;
            case "unix-socket-mode": o.UnixSocketMode = FileMode(value); break;
            case "ipv6-address": o.ExtraAddresses.Add(NonEmpty(value, "invalid address ''")); break;
            case "idle-timeout": o.IdleTimeout = TimeValue.Parse(value, TimeValue.Second, MaxRuntime); break;
            case "max-traces": o.MaxTraces = Integer(value, 1, int.MaxValue, $"invalid maximum number of traces '{value}'"); break;
            case "max-spans-per-trace":
                o.MaxSpansPerTrace = Integer(value, 1, 65535, $"invalid maximum number of spans per trace '{value}'");
                break;
            case "max-connections": o.MaxConnections = Integer(value, 0, int.MaxValue, $"invalid maximum number of connections '{value}'"); break;
            case "handshake-timeout": o.HandshakeTimeout = TimeValue.Parse(value, 100 * TimeValue.Millisecond, 3600 * TimeValue.Second); break;
            case "metrics-address": o.MetricsAddress = Metrics.MetricsEndpoint.Parse(value); break;
            case "check": o.Check = true; break;
            case "require-context": o.RequireContext = true; break;
            case "syslog-remote": o.SyslogRemote = true; break;
            default: throw new InvalidOperationException($"option table entry '{name}' has no handler");
        }
    }

    private static Syslog.SyslogEndpoint SyslogAddress(string value, bool allowRemote)
    {
        try
        {
            return Syslog.SyslogEndpoint.Parse(value, allowRemote);
        }
        catch (FormatException e)
        {
            throw new UsageException($"invalid syslog address '{value}': {e.Message}");
        }
    }

    private static void ApplyBackend(AgentOptions o, string value)
    {
        if (Array.IndexOf(LibevBackends, value.ToLowerInvariant()) < 0)
        {
            throw new UsageException($"invalid libev backend '{value}'");
        }

        o.Notices.Add($"libev backend '{value}' accepted for compatibility; it has no effect on .NET (sockets use the runtime's epoll engine)");
    }

    private static void ApplyCapability(AgentOptions o, string value)
    {
        switch (value.ToLowerInvariant())
        {
            case "fragmentation": o.Fragmentation = true; break;
            case "async": o.Async = true; break;
            // Announced by default here (HAProxy needs it for throughput); accepted so seed command lines keep working.
            case "pipelining": break;
            default: throw new UsageException($"unsupported capability '{value}'");
        }
    }

    private static void ApplyLogFile(AgentOptions o, string value)
    {
        var colon = value.IndexOf(':');
        var path = value;
        o.LogFileMode = LogFileMode.CreateNew;
        o.LogFileLineBuffered = false;
        // A one-letter prefix before ':' is a mode; "./a:b" or "C:x" style names need an explicit mode.
        if (colon == 1)
        {
            o.LogFileMode = value[0] switch
            {
                'a' or 'A' => LogFileMode.Append,
                'w' or 'W' => LogFileMode.Truncate,
                _ => throw new UsageException($"invalid logfile mode '{value[0]}'"),
            };
            o.LogFileLineBuffered = char.IsUpper(value[0]);
            path = value[2..];
        }

        o.LogFile = NonEmpty(path, "logfile name not set");
    }

    private static double RateLimit(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !double.IsFinite(rate) || rate < 0)
        {
            throw new UsageException($"invalid rate limit (traces per second, 0 = off): '{value}'");
        }

        return rate;
    }

    private static UnixFileMode FileMode(string value)
    {
        try
        {
            var mode = Convert.ToInt32(value, 8);
            if (mode is >= 0 and <= 0x1FF)
            {
                return (UnixFileMode)mode;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            // Falls through to the usage error.
        }

        throw new UsageException($"invalid unix socket mode (octal, 0 to 0777): '{value}'");
    }

    private static int Integer(string value, int min, int max, string error)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new UsageException(error);
        }

        return number;
    }

    private static string NonEmpty(string value, string error) =>
        value.Length > 0 ? value : throw new UsageException(error);
}
