using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Tracing.Export.Transport;

namespace SpoaOpenTracing.Tracing.Tests.Export.Transport;

public sealed class BlockingConnectorTests
{
    internal const int NonBlockingFlag = 0x800; // O_NONBLOCK

    [Fact]
    public void ConnectionsStayBlockingThroughSendsAndReceives()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var socket = BlockingConnector.Connect(new DnsEndPoint("127.0.0.1", port), TimeSpan.FromSeconds(10));
        using var peer = listener.AcceptSocket();
        using var stream = new NetworkStream(socket, ownsSocket: false);
        stream.Write("ping"u8);
        peer.Send("pong"u8);
        var reply = new byte[4];
        stream.ReadExactly(reply);

        Assert.Equal("pong"u8.ToArray(), reply);
        Assert.True(socket.Blocking);
        // What the kernel sees: a non-blocking descriptor would send the export thread's waits through the epoll thread.
        Assert.Equal(0, DescriptorFlags(socket) & NonBlockingFlag);
    }

    [Fact]
    public void RefusedConnectFailsAtOnce()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var error = Assert.Throws<SocketException>(() => BlockingConnector.Connect(new DnsEndPoint("127.0.0.1", port), TimeSpan.FromSeconds(10)));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(6.9, 1)]
    [InlineData(7, 2)]
    [InlineData(10, 2)]
    [InlineData(15, 3)]
    [InlineData(3600, 6)]
    public void SynRetriesEndWithinTheTimeout(double seconds, int retries)
    {
        Assert.Equal(retries, BlockingConnector.SynRetries(TimeSpan.FromSeconds(seconds)));
    }

    internal static int DescriptorFlags(Socket socket)
    {
        var fd = socket.SafeHandle.DangerousGetHandle().ToInt32();
        var line = File.ReadLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
        return Convert.ToInt32(line["flags:".Length..].Trim(), 8);
    }
}
