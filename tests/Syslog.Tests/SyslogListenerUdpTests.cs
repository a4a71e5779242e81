using System.Net.Sockets;
using System.Text;
using SpoaOpenTracing.Syslog.Tests.Support;

namespace SpoaOpenTracing.Syslog.Tests;

public sealed class SyslogListenerUdpTests
{
    [Fact]
    public async Task Datagrams_ReachTheHandler_OneMessageEach()
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("udp://127.0.0.1:0", handler);
        using var client = Listening.Udp(listener);

        client.Send(Captures.Read("udp-rfc5424"));
        client.Send("<6>second\n"u8);
        client.Send("third, raw"u8);
        var messages = await handler.WaitForAsync(3);

        Assert.Equal(["haproxy", "", ""], messages.Select(m => m.AppName));
        Assert.Equal(["second", "third, raw"], messages.Skip(1).Select(m => m.Body));
        Assert.Equal(3, listener.Metrics.Messages);
        Assert.Equal(Captures.Read("udp-rfc5424").Length + 10 + 10, listener.Metrics.Bytes);
    }

    [Fact]
    public async Task Ipv6Loopback_Receives()
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("udp://[::1]:0", handler);
        using var client = Listening.Udp(listener);

        client.Send("<6>over ipv6"u8);

        Assert.Equal("over ipv6", (await handler.WaitForAsync(1))[0].Body);
        Assert.StartsWith("udp://[::1]:0", listener.Endpoint.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadAndOversizedDatagrams_AreCounted_TheOthersStillArrive()
    {
        var handler = new RecordingHandler();
        await using var listener = Listening.Start("udp://127.0.0.1:0", handler, new SyslogListenerOptions { MaxMessageBytes = 100 });
        using var client = Listening.Udp(listener);

        client.Send("<999>bad priority"u8);
        client.Send(Encoding.ASCII.GetBytes("<6>" + new string('x', 98)));
        client.Send(Encoding.ASCII.GetBytes("<6>" + new string('y', 5000)));
        client.Send(Encoding.ASCII.GetBytes("<6>" + new string('z', 97)));
        var messages = await handler.WaitForAsync(1);
        await Listening.UntilAsync(() => listener.Metrics.BadFrames(SyslogFrameError.Oversized) == 2, "two oversized");

        Assert.Equal(new string('z', 97), Assert.Single(messages).Body);
        Assert.Equal(1, listener.Metrics.BadFrames(SyslogFrameError.BadHeader));
        Assert.Equal(1, listener.Metrics.Messages);
    }

    [Fact]
    public async Task HandlerThatThrows_IsCounted_AndTheNextMessageArrives()
    {
        var handler = new RecordingHandler { FailOnBody = "boom" };
        await using var listener = Listening.Start("udp://127.0.0.1:0", handler);
        using var client = Listening.Udp(listener);

        client.Send("<6>boom"u8);
        client.Send("<6>after"u8);

        Assert.Equal("after", (await handler.WaitForAsync(2))[1].Body);
        Assert.Equal(1, listener.Metrics.HandlerErrors);
    }

    [Fact]
    public async Task PortInUse_FailsStartWithTheAddress()
    {
        await using var first = Listening.Start("udp://127.0.0.1:0", new RecordingHandler());
        var port = ((System.Net.IPEndPoint)first.LocalEndPoint).Port;
        await using var second = new SyslogListener(SyslogEndpoint.Parse($"udp://127.0.0.1:{port}"), new RecordingHandler());

        var ex = Assert.Throws<IOException>(second.Start);

        Assert.Contains($"udp://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SocketError.AddressAlreadyInUse, Assert.IsType<SocketException>(ex.InnerException).SocketErrorCode);
    }
}
