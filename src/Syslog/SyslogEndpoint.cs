using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.Syslog;

/// <summary>
/// Where a <see cref="SyslogListener"/> receives: <c>udp://host:port</c>, <c>tcp://host:port</c> or
/// <c>unix:///absolute/path</c>. The host is an IPv4 or bracketed IPv6 literal, <c>localhost</c>, or empty for
/// 127.0.0.1; no name is resolved. Only loopback addresses are accepted unless the caller allows remote ones.
/// </summary>
public sealed class SyslogEndpoint
{
    private SyslogEndpoint(SyslogTransport transport, EndPoint endPoint, string text)
    {
        Transport = transport;
        EndPoint = endPoint;
        Text = text;
    }

    public SyslogTransport Transport { get; }

    /// <summary>An <see cref="IPEndPoint"/> (port 0 = any free port) or a <see cref="UnixDomainSocketEndPoint"/>.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The canonical form (<c>udp://127.0.0.1:5140</c>, <c>tcp://[::1]:5140</c>, <c>unix:///run/x.sock</c>):
    /// the metrics label of the input.</summary>
    public string Text { get; }

    /// <summary>Parses a loopback-only address.</summary>
    /// <exception cref="FormatException">The text is not an address of this form, or not a loopback one.</exception>
    public static SyslogEndpoint Parse(string text) => Parse(text, allowRemote: false);

    /// <exception cref="FormatException">The text is not an address of this form (or not loopback while
    /// <paramref name="allowRemote"/> is false); the message says what is wrong.</exception>
    public static SyslogEndpoint Parse(string text, bool allowRemote)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            throw Invalid(text, "expected udp://host:port, tcp://host:port or unix:///path");
        }

        var scheme = text[..separator];
        var rest = text[(separator + 3)..];
        if (scheme.Equals("unix", StringComparison.OrdinalIgnoreCase))
        {
            if (!rest.StartsWith('/'))
            {
                throw Invalid(text, "a unix socket needs an absolute path (unix:///path)");
            }

            return new SyslogEndpoint(SyslogTransport.Unix, new UnixDomainSocketEndPoint(rest), "unix://" + rest);
        }

        var transport = scheme.ToLowerInvariant() switch
        {
            "udp" => SyslogTransport.Udp,
            "tcp" => SyslogTransport.Tcp,
            _ => throw Invalid(text, $"unknown scheme \"{scheme}\" (udp, tcp or unix)"),
        };
        var endPoint = ParseHostPort(text, rest);
        if (!allowRemote && !IPAddress.IsLoopback(endPoint.Address))
        {
            throw Invalid(text, $"{endPoint.Address} is not a loopback address; remote inputs must be allowed explicitly");
        }

        var canonical = $"{scheme.ToLowerInvariant()}://{endPoint}";
        return new SyslogEndpoint(transport, endPoint, canonical);
    }

    public override string ToString() => Text;

    private static IPEndPoint ParseHostPort(string text, string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0)
        {
            throw Invalid(text, "the port is missing (host:port)");
        }

        var host = hostPort[..colon];
        var portText = hostPort[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw Invalid(text, $"\"{portText}\" is not a port (0-65535)");
        }

        IPAddress? address;
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (host.StartsWith('[') && host.EndsWith(']'))
        {
            if (!IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw Invalid(text, $"\"{host}\" is not an IPv6 address");
            }
        }
        else if (!IPAddress.TryParse(host, out address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw Invalid(text, $"\"{host}\" is not an IPv4 address, a bracketed IPv6 address or localhost (names are not resolved)");
        }

        return new IPEndPoint(address, port);
    }

    private static FormatException Invalid(string text, string reason) => new($"syslog address \"{text}\": {reason}");
}
