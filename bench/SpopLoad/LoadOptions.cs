using System.Globalization;
using System.Net;

namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>Command line of spop-load (see <see cref="Usage"/>).</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        spop-load: replays HAProxy 2.6's SPOP traffic for examples/spoe.cfg against an agent.
          --agent PATH          start this agent (spoa-opentracing) on a free loopback port
          --agent-arg ARG       extra agent argument (repeatable)
          --agent-cpus LIST     pin the agent with taskset -c LIST
          --target HOST:PORT    use a running agent instead (--target-pid PID for its CPU figures)
          --mode tracing|none   tracing: -T otlp-http to the sink; none: -T none (ACK only). Default tracing
          --sink PATH           the otlp-sink program (started here, required for --agent with tracing)
          --sink-cpus LIST      pin the sink with taskset -c LIST
          --sink-idle           run the sink at SCHED_IDLE: it only gets CPU time nothing else wants
          --connections N       HAProxy connections (default 4), each with up to 20 frames in flight
          --duration SECONDS    measured time (default 10), after --warmup SECONDS (default 2)
          --rate N              messages per second over all connections (default 0 = as fast as possible)
          --status CODE         HTTP status of the simulated responses (default 200; >= 400 adds http_response-error)
          --log-dir DIR         where the agent's and sink's output go (default: a temporary folder)
        """;

    public string? AgentPath { get; private set; }

    public List<string> AgentArguments { get; } = [];

    public string? AgentCpus { get; private set; }

    public IPEndPoint? Target { get; private set; }

    public int? TargetPid { get; private set; }

    public bool Tracing { get; private set; } = true;

    public string? SinkPath { get; private set; }

    public string? SinkCpus { get; private set; }

    public bool SinkIdle { get; private set; }

    public int Connections { get; private set; } = 4;

    public double DurationSeconds { get; private set; } = 10;

    public double WarmupSeconds { get; private set; } = 2;

    public double Rate { get; private set; }

    public int Status { get; private set; } = 200;

    public string LogDirectory { get; private set; } = Directory.CreateTempSubdirectory("spop-load-").FullName;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--agent": options.AgentPath = Value(); break;
                case "--agent-arg": options.AgentArguments.Add(Value()); break;
                case "--agent-cpus": options.AgentCpus = Value(); break;
                case "--target": options.Target = IPEndPoint.Parse(Value()); break;
                case "--target-pid": options.TargetPid = ParseInt(Value()); break;
                case "--mode":
                    options.Tracing = Value() switch
                    {
                        "tracing" => true,
                        "none" => false,
                        var other => throw new ArgumentException($"unknown mode {other}"),
                    };
                    break;
                case "--sink": options.SinkPath = Value(); break;
                case "--sink-cpus": options.SinkCpus = Value(); break;
                case "--sink-idle": options.SinkIdle = true; break;
                case "--connections": options.Connections = ParseInt(Value()); break;
                case "--duration": options.DurationSeconds = ParseDouble(Value()); break;
                case "--warmup": options.WarmupSeconds = ParseDouble(Value()); break;
                case "--rate": options.Rate = ParseDouble(Value()); break;
                case "--status": options.Status = ParseInt(Value()); break;
                case "--log-dir": options.LogDirectory = Directory.CreateDirectory(Value()).FullName; break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }

        if ((options.AgentPath is null) == (options.Target is null))
        {
            throw new ArgumentException("give exactly one of --agent and --target");
        }

        if (options.AgentPath is not null && options.Tracing && options.SinkPath is null)
        {
            throw new ArgumentException("--mode tracing with --agent needs --sink");
        }

        if (options.Connections < 1 || options.DurationSeconds <= 0 || options.WarmupSeconds < 0 || options.Rate < 0)
        {
            throw new ArgumentException("connections >= 1, duration > 0, warmup >= 0, rate >= 0");
        }

        return options;
    }

    private static int ParseInt(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static double ParseDouble(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
