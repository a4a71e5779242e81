using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.Syslog.Tests.Support;

/// <summary>Starts listeners on free loopback ports (port 0) or a temp Unix path, and waits for counters.</summary>
internal static class Listening
{
    public static SyslogListener Start(string endpoint, ISyslogHandler handler, SyslogListenerOptions? options = null)
    {
        var listener = new SyslogListener(SyslogEndpoint.Parse(endpoint), handler, options);
        listener.Start();
        return listener;
    }

    public static string TempSocketPath() => Path.Combine(Path.GetTempPath(), $"syslog-test-{Guid.NewGuid():N}.sock");

    public static async Task<Socket> ConnectTcpAsync(SyslogListener listener)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndPoint);
        return socket;
    }

    public static Socket Udp(SyslogListener listener)
    {
        var socket = new Socket(listener.LocalEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(listener.LocalEndPoint);
        return socket;
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    /// <summary>True once a TCP peer sees the connection closed by the listener (bounded wait).</summary>
    public static async Task<bool> IsClosedByPeerAsync(Socket socket)
    {
        var buffer = new byte[16];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public static EndPoint Loopback0 => new IPEndPoint(IPAddress.Loopback, 0);
}
