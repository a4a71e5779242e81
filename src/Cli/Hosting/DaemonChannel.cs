using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// How a daemon child tells its waiting parent that it listens (<c>OK</c>) or why it could not start
/// (<c>ERR &lt;exit code&gt; &lt;message&gt;</c>): one line over a Unix socket the parent created, named in
/// <see cref="SocketVariable"/>.
/// </summary>
internal static class DaemonChannel
{
    /// <summary>Set in the child's environment: the parent's readiness socket path; its presence marks the child.</summary>
    public const string SocketVariable = "SPOA_OPENTRACING_DAEMON_READY";

    /// <summary>Set when the parent already created the <c>-F</c> pidfile exclusively and the child must adopt it.</summary>
    public const string PidFileVariable = "SPOA_OPENTRACING_DAEMON_PIDFILE";

    public static void ReportReady(string socketPath) => Send(socketPath, "OK");

    public static void ReportFailure(string socketPath, int exitCode, string message) =>
        Send(socketPath, string.Create(CultureInfo.InvariantCulture, $"ERR {exitCode} {message.ReplaceLineEndings(" ")}"));

    /// <summary>Parses a report line into (ready, exit code, message).</summary>
    public static (bool Ready, int ExitCode, string Message) Parse(string? line)
    {
        if (line == "OK")
        {
            return (true, ExitCodes.Ok, string.Empty);
        }

        var parts = (line ?? string.Empty).Split(' ', 3);
        return parts.Length == 3 && parts[0] == "ERR" && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var code)
            ? (false, code, parts[2])
            : (false, ExitCodes.Failure, "the daemon sent no readiness report");
    }

    private static void Send(string socketPath, string line)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.Send(Encoding.UTF8.GetBytes(line + "\n"));
        socket.Shutdown(SocketShutdown.Both);
    }
}
