using System.Reflection;

namespace SpoaOpenTracing.Cli.Options;

/// <summary>The texts of <c>-h</c>, <c>-V</c> and the short usage line, in the seed's layout.</summary>
internal static class HelpText
{
    public const string ProgramName = "spoa-opentracing";

    public static string ShortUsage => $"For help type: {ProgramName} -h";

    public static string VersionNumber =>
        typeof(HelpText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <summary>The seed prints <c>\n&lt;prog&gt; v1.0.1 [build N] by &lt;author&gt;, &lt;date&gt;\n\n</c>; same shape, our facts.</summary>
    public static string Version =>
        $"\n{ProgramName} v{VersionNumber} [.NET {Environment.Version}] by the spoa-opentracing for .NET contributors\n\n";

    public static string Full =>
        $$"""
        Usage: {{ProgramName}} { -h --help }
               {{ProgramName}} { -V --version }
               {{ProgramName}} { -r --runtime=TIME } [OPTION]...
               {{ProgramName}} --check [OPTION]...

        Options are:
          -a, --address=NAME              Specify the address to listen on (default: "127.0.0.1").
                                          Unlike the C program (0.0.0.0) only loopback by default; give
                                          0.0.0.0 or :: explicitly. IPv6 literals and host names work.
          -B, --libev-backend=TYPE        Accepted for compatibility; has no effect on .NET.
          -b, --connection-backlog=VALUE  Specify the connection backlog size (default: 10).
          -c, --capability=NAME           Enable the support of the specified capability.
          -D, --daemonize                 Run this program as a daemon.
          -d, --debug=LEVEL               Enable and specify the debug mode level (range [-1, 1023]).
          -F, --pidfile=FILE              Specifies a file to write the process-id to.
          -h, --help                      Show this text.
          -i, --monitor-interval=TIME     Set the monitor interval (default: {{TimeValue.Format(5 * TimeValue.Second)}}).
          -l, --logfile=[MODE:]FILE       Log all messages to logfile (default: stdout/stderr).
          -m, --max-frame-size=VALUE      Specify the maximum frame size (default: 16384 bytes,
                                          range [256, {{AgentOptionsParser.MaxFrameSizeLimit}}]).
          -n, --num-workers=VALUE         Specify the number of -t delayed frames waiting at once (default: 10).
          -p, --port=VALUE                Specify the port to listen on (default: {{AgentOptions.DefaultPort}};
                                          0 with --syslog: no SPOE listener, log mode alone).
          -r, --runtime=TIME              Run this program for the specified time (0 = unlimited).
          -t, --processing-delay=TIME     Set a delay to process a message (default: 0).
          -o, --ot-timeout-msg=STR        Specify a timeout log message (default: "connection timeout").
          -C, --ot-tracer-config=FILE     Specify the configuration of the used tracer
                                          (cfg-jaeger.yml, cfg-zipkin.json or cfg-dd.json style).
          -T, --ot-tracer-plugin=NAME     Exporter: otlp, otlp-grpc, otlp-http, zipkin, console, none,
                                          or an OpenTracing plugin file name (mapped to an exporter).
          -R, --ot-rate-limit=VALUE       Start at most VALUE new traces per second (default: 0 = no limit).
          -V, --version                   Show program version.
              --unix-socket=PATH          Also listen on a Unix socket (alone, if neither -a nor -p is given).
              --unix-socket-mode=MODE     File mode of the Unix socket, octal (default: 0660).
              --ipv6-address=ADDR         An additional address to listen on (repeatable).
              --idle-timeout=TIME         End traces idle for this long (default: 30.00s).
              --max-traces=N              Maximum number of open traces (default: 100000).
              --max-spans-per-trace=N     Maximum number of spans in one trace (default: 64).
              --max-connections=N         Maximum number of HAProxy connections (default: 0 = no limit).
              --handshake-timeout=TIME    Close connections without HELLO after this (default: 5.00s).
              --metrics-address=[HOST:]PORT  Serve /metrics (Prometheus) and /healthz there
                                          (HOST defaults to 127.0.0.1; default: no listener).
              --check                     Load everything, print the effective configuration and exit.
              --require-context           Start no trace without a valid incoming context (traceparent, b3...).
              --syslog=ADDRESS            Read trace lines from HAProxy's logs (log mode, repeatable):
                                          udp://HOST:PORT, tcp://HOST:PORT (a ring's server line)
                                          or unix:///PATH; loopback only unless --syslog-remote.
              --syslog-remote             Let --syslog addresses be other than loopback.

        Supported libev backends (no effect here): {{string.Join(", ", AgentOptionsParser.LibevBackends)}}.
        Supported capabilities: fragmentation, pipelining, async. Unlike the C program, pipelining
        is always announced (HAProxy needs it for throughput); -c adds async and fragmentation.
        Debug level bits: 0 = everything at Trace, 3 = Information, 4 = Debug, 7 = SPOP details
        (category SpoaOpenTracing.Spop at Debug), 8 = tracing details (SpoaOpenTracing.Tracing at
        Debug); -1 = all of it. With -d but neither bit 3 nor bit 4 only warnings and errors are
        logged; without -d the level is Information.
        Allowed logging file opening modes: a, w. The 'a' mode allows opening or
        creating file for writing at end-of-file. The 'w' mode allows truncating
        the file to zero length or creating a new file. Without a mode the file must not
        exist yet. If a capital letter is used for the mode, then every line is flushed
        at once.
        The time delay/interval is specified in milliseconds by default, but can be
        in any other unit if the number is suffixed by a unit (us, ms, s, m, h, d).
        Without -C and -T the exporter follows OTEL_TRACES_EXPORTER (default: otlp);
        settings are layered: command line > -C file > OTEL_* variables > defaults.

        SPDX-License-Identifier: GPL-2.0-or-later

        """;
}
