using System.Net.Sockets;
using SpoaOpenTracing.Syslog.Tests.Support;

namespace SpoaOpenTracing.Syslog.Tests;

public sealed class SyslogListenerUnixTests
{
    [Fact]
    public async Task Datagrams_Arrive_AndDisposeRemovesTheSocketFile()
    {
        var path = Listening.TempSocketPath();
        var handler = new RecordingHandler();
        var listener = Listening.Start("unix://" + path, handler);
        using var client = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));

        client.Send(Captures.Read("unix-default"));

        var m = Assert.Single(await handler.WaitForAsync(1));
        Assert.Equal((SyslogFormat.Rfc3164, "haproxy"), (m.Format, m.AppName));
        Assert.Equal(0, listener.Metrics.ReceiveBufferDrops);
        Assert.Equal(path, listener.LocalEndPoint.ToString());
        await listener.DisposeAsync();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task StaleSocketFile_IsReplaced()
    {
        // A crashed run leaves its socket file behind. .NET unlinks the file it bound when the socket is disposed, so
        // the file is moved away first: what stays is a socket file nobody receives on.
        var path = Listening.TempSocketPath();
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            var bound = Listening.TempSocketPath();
            stale.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }

        Assert.True(File.Exists(path));
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("unix://" + path, handler);
        using var client = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        client.Send("<6>after restart"u8);

        Assert.Equal("after restart", Assert.Single(await handler.WaitForAsync(1)).Body);
    }

    [Fact]
    public async Task LiveSocket_IsNotTakenOver()
    {
        var path = Listening.TempSocketPath();
        await using var first = Listening.Start("unix://" + path, new RecordingHandler());
        await using var second = new SyslogListener(SyslogEndpoint.Parse("unix://" + path), new RecordingHandler());

        var ex = Assert.Throws<IOException>(second.Start);

        Assert.Contains("another process receives", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task MissingDirectory_FailsStartWithThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "log.sock");
        await using var listener = new SyslogListener(SyslogEndpoint.Parse("unix://" + path), new RecordingHandler());

        var ex = Assert.Throws<IOException>(listener.Start);

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
