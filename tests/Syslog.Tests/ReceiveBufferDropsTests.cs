using SpoaOpenTracing.Syslog.Tests.Support;

namespace SpoaOpenTracing.Syslog.Tests;

public sealed class ReceiveBufferDropsTests
{
    // Linux only, as the project is: the counter is /proc/net/udp's.
    [Fact]
    public async Task BurstIntoABlockedSmallBuffer_ShowsKernelDrops()
    {
        using var gate = new ManualResetEventSlim(false);
        var handler = new RecordingHandler { Gate = gate };
        await using var listener = Listening.Start("udp://127.0.0.1:0", handler, new SyslogListenerOptions { ReceiveBufferBytes = 4096 });
        using var client = Listening.Udp(listener);
        var datagram = new byte[512];
        "<6>"u8.CopyTo(datagram);
        datagram.AsSpan(3).Fill((byte)'d');

        Assert.Equal(0, listener.Metrics.ReceiveBufferDrops);
        for (var i = 0; i < 2000; i++)
        {
            client.Send(datagram);
        }

        var drops = listener.Metrics.ReceiveBufferDrops;
        gate.Set();

        Assert.True(drops > 0, "no drops counted");
        Assert.True(drops <= 2000, $"{drops} drops of 2000 datagrams");
        await Listening.UntilAsync(() => listener.Metrics.Messages + listener.Metrics.ReceiveBufferDrops == 2000,
            "every datagram either handled or dropped");
    }
}
