using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>Turns the command line into <see cref="SpopServerOptions"/>, resolving host names to listen addresses.</summary>
internal static class ServerOptionsBuilder
{
    /// <exception cref="SocketException">A host name does not resolve (the seed's getaddrinfo failure, exit 70).</exception>
    public static SpopServerOptions Build(AgentOptions cli)
    {
        var options = new SpopServerOptions
        {
            MaxFrameSize = cli.MaxFrameSize,
            Fragmentation = cli.Fragmentation,
            Async = cli.Async,
            // listen(2) treats 0 as "the smallest queue"; the server wants at least 1.
            Backlog = Math.Max(1, cli.Backlog),
            ProcessingDelay = TimeValue.ToTimeSpan(cli.ProcessingDelay),
            MaxConcurrentFrames = cli.NumWorkers,
            HandshakeTimeout = TimeValue.ToTimeSpan(cli.HandshakeTimeout),
            MaxConnections = cli.MaxConnections,
        };
        if (cli.UnixSocketMode is { } mode)
        {
            options.UnixSocketMode = mode;
        }

        // --unix-socket alone means "only there"; with -a or -p the TCP listener stays as well. -p 0 (log mode
        // alone) means none.
        var tcp = cli.Port != 0 && (cli.UnixSocketPath is null || cli.Given.Contains("address") || cli.Given.Contains("port"));
        if (tcp)
        {
            options.EndPoints.Add(new IPEndPoint(Resolve(cli.Address), cli.Port));
        }

        foreach (var extra in cli.Port != 0 ? cli.ExtraAddresses : [])
        {
            options.EndPoints.Add(new IPEndPoint(Resolve(extra), cli.Port));
        }

        if (cli.UnixSocketPath is { } path)
        {
            options.EndPoints.Add(new UnixDomainSocketEndPoint(Path.GetFullPath(path)));
        }

        return options;
    }

    /// <summary>An address literal as is; a host name to its first IPv4 address (as the seed), else its first address.</summary>
    public static IPAddress Resolve(string host)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return address;
        }

        var addresses = Dns.GetHostAddresses(host);
        return Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? (addresses.Length > 0 ? addresses[0] : throw new SocketException((int)SocketError.HostNotFound));
    }

    public static string Describe(EndPoint endPoint) => endPoint switch
    {
        UnixDomainSocketEndPoint unix => "unix:" + unix,
        _ => endPoint.ToString() ?? string.Empty,
    };
}
