using System.Net.Sockets;
using System.Text;
using SpoaOpenTracing.Syslog.Tests.Support;

namespace SpoaOpenTracing.Syslog.Tests;

public sealed class SyslogListenerTcpTests
{
    [Theory]
    [InlineData("tcp-ring-octet-count")]
    [InlineData("tcp-ring-legacy")]
    public async Task CapturedRingStream_ByteByByte_GivesBothMessages(string capture)
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("tcp://127.0.0.1:0", handler);
        using var client = await Listening.ConnectTcpAsync(listener);
        client.NoDelay = true;

        foreach (var b in Captures.Read(capture))
        {
            await client.SendAsync(new[] { b });
        }

        var messages = await handler.WaitForAsync(2);

        Assert.All(messages, m => Assert.Equal((SyslogFormat.Rfc5424, "haproxy"), (m.Format, m.AppName)));
        Assert.EndsWith("\"GET /second HTTP/1.1\"", messages[1].Body, StringComparison.Ordinal);
        Assert.Equal(1, listener.Metrics.Connections);
    }

    [Fact]
    public async Task Garbage_ClosesThatConnectionOnly()
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("tcp://127.0.0.1:0", handler);
        using var good = await Listening.ConnectTcpAsync(listener);
        using var bad = await Listening.ConnectTcpAsync(listener);
        using var badLength = await Listening.ConnectTcpAsync(listener);

        await good.SendAsync("6 <6>one"u8.ToArray());
        await bad.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        await badLength.SendAsync("4 <6>a12x<6>b"u8.ToArray());

        Assert.True(await Listening.IsClosedByPeerAsync(bad));
        Assert.True(await Listening.IsClosedByPeerAsync(badLength));
        await good.SendAsync("6 <6>two"u8.ToArray());
        var messages = await handler.WaitForAsync(3);

        Assert.Equal(["a", "one", "two"], messages.Select(m => m.Body).Order());
        Assert.Equal(2, listener.Metrics.ConnectionsClosedForBadFraming);
        Assert.Equal(2, listener.Metrics.BadFrames(SyslogFrameError.BadFraming));
    }

    [Fact]
    public async Task OversizedFrame_IsSkipped_TheConnectionGoesOn()
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("tcp://127.0.0.1:0", handler, new SyslogListenerOptions { MaxMessageBytes = 1000 });
        using var client = await Listening.ConnectTcpAsync(listener);
        var big = "<6>" + new string('x', 100_000);

        await client.SendAsync(Encoding.ASCII.GetBytes($"{big.Length} {big}8 <6>after"));

        Assert.Equal("after", Assert.Single(await handler.WaitForAsync(1)).Body);
        Assert.Equal(1, listener.Metrics.BadFrames(SyslogFrameError.Oversized));
        Assert.Equal(big.Length + 7 + 10, listener.Metrics.Bytes);
    }

    [Fact]
    public async Task CloseInTheMiddleOfAFrame_CountsTruncated()
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("tcp://127.0.0.1:0", handler);
        using (var client = await Listening.ConnectTcpAsync(listener))
        {
            await client.SendAsync("<6>whole\n<6>cut"u8.ToArray());
            client.Shutdown(SocketShutdown.Send);
            await Listening.IsClosedByPeerAsync(client);
        }

        await Listening.UntilAsync(() => listener.Metrics.BadFrames(SyslogFrameError.Truncated) == 1, "a truncated frame");
        Assert.Equal("whole", Assert.Single(handler.Messages).Body);
    }

    [Fact]
    public async Task BeyondMaxConnections_IsRefused_TheOthersStay()
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("tcp://127.0.0.1:0", handler, new SyslogListenerOptions { MaxConnections = 2 });
        using var first = await Listening.ConnectTcpAsync(listener);
        using var second = await Listening.ConnectTcpAsync(listener);
        await Listening.UntilAsync(() => listener.Metrics.Connections == 2, "two connections accepted");
        using var third = await Listening.ConnectTcpAsync(listener);

        Assert.True(await Listening.IsClosedByPeerAsync(third));
        await first.SendAsync("<6>first\n"u8.ToArray());
        await second.SendAsync("<6>second\n"u8.ToArray());

        Assert.Equal(["first", "second"], (await handler.WaitForAsync(2)).Select(m => m.Body).Order());
        Assert.Equal(1, listener.Metrics.ConnectionsRefused);
    }

    [Fact]
    public async Task Dispose_ClosesOpenConnections()
    {
        var listener = Listening.Start("tcp://127.0.0.1:0", new RecordingHandler());
        using var client = await Listening.ConnectTcpAsync(listener);
        await Listening.UntilAsync(() => listener.Metrics.Connections == 1, "the connection accepted");

        await listener.DisposeAsync();

        Assert.True(await Listening.IsClosedByPeerAsync(client));
    }
}
