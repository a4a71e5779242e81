using System.Globalization;
using System.Net;
using SpoaOpenTracing.Cli.Options;

namespace SpoaOpenTracing.Cli.Metrics;

/// <summary>Where the metrics and health listener binds: <c>--metrics-address=[HOST:]PORT</c>, loopback when only a
/// port is given (the listener tells about the agent's load, nothing for the network at large).</summary>
internal sealed record MetricsEndpoint(string Host, int Port)
{
    public const string DefaultHost = "127.0.0.1";

    /// <summary>The host as an HTTP listener prefix wants it: IPv6 literals in brackets, any-address as <c>+</c>.</summary>
    public string PrefixHost => Host switch
    {
        "0.0.0.0" or "::" or "[::]" or "*" or "+" => "+",
        _ when IPAddress.TryParse(Host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 => $"[{Host}]",
        _ => Host,
    };

    public string Url(string path) => $"http://{(PrefixHost == "+" ? DefaultHost : PrefixHost)}:{Port}{path}";

    /// <summary><c>9464</c>, <c>127.0.0.1:9464</c>, <c>[::1]:9464</c>, <c>0.0.0.0:9464</c>.</summary>
    /// <exception cref="UsageException">Not one of these forms, or a port outside 1..65535.</exception>
    public static MetricsEndpoint Parse(string value)
    {
        var text = value.Trim();
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(value);
            }

            (host, port) = (text[1..close], text[(close + 2)..]);
        }
        else if (text.LastIndexOf(':') is var colon and >= 0)
        {
            (host, port) = (text[..colon], text[(colon + 1)..]);
            if (host.Contains(':', StringComparison.Ordinal))
            {
                throw Invalid(value);
            }
        }
        else
        {
            (host, port) = (DefaultHost, text);
        }

        if (host.Length == 0 || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw Invalid(value);
        }

        return new MetricsEndpoint(host, number);
    }

    public override string ToString() => $"{PrefixHost}:{Port}";

    private static UsageException Invalid(string value) =>
        new($"invalid metrics address '{value}' (expected PORT, HOST:PORT or [IPv6]:PORT, port 1-65535)");
}
