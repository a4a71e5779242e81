using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>Free loopback ports for processes that cannot be told to bind port 0 and report back (HAProxy).</summary>
internal static class Ports
{
    /// <summary>
    /// Binds 127.0.0.1:0, reads the port the kernel chose and releases it. Another process may grab it in between;
    /// the kernel hands out ephemeral ports round-robin, so a just-released port is not reused soon.
    /// </summary>
    public static int GetFreeTcpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>True once something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsAcceptingAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
