using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using SpoaOpenTracing.Tests.SpopClient;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>Which connections get a thread of their own (<see cref="SpopServerOptions.ConnectionThreads"/>), and that
/// such a connection stops like any other.</summary>
public sealed class SpopServerConnectionThreadTests
{
    /// <summary>Safety net for waits, not a performance bound.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ConnectionsBeyondTheLimit_RunAsynchronously_AndAFreedThreadIsTakenAgain()
    {
        var handler = new ThreadRecordingHandler();
        await using var server = await SpopServerTests.StartAsync(handler, o => o.ConnectionThreads = 1);

        var (first, firstThread) = await ConnectAndNotifyAsync(server, handler);
        var (second, secondThread) = await ConnectAndNotifyAsync(server, handler);
        await using var keptOpen = second;
        Assert.True(IsConnectionThread(firstThread), firstThread);
        Assert.False(IsConnectionThread(secondThread), secondThread);

        await first.DisposeAsync();
        using (var deadline = new CancellationTokenSource(Safety))
        {
            while (server.Metrics.ConnectionsOpen > 1)
            {
                await Task.Delay(5, deadline.Token);
            }
        }

        var (third, thirdThread) = await ConnectAndNotifyAsync(server, handler);
        await using var alsoKept = third;
        Assert.True(IsConnectionThread(thirdThread), thirdThread);
    }

    [Fact]
    public async Task TheDelayedAckMode_NeverTakesAThread()
    {
        var handler = new ThreadRecordingHandler();
        await using var server = await SpopServerTests.StartAsync(handler, o => o.ProcessingDelay = TimeSpan.FromMilliseconds(1));
        var (client, thread) = await ConnectAndNotifyAsync(server, handler);
        await using var kept = client;
        Assert.False(IsConnectionThread(thread), thread);
    }

    [Fact]
    public async Task GracefulStop_OfAnIdleConnectionThread_SendsAgentDisconnect0()
    {
        await using var server = await SpopServerTests.StartAsync(new EchoHandler());
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();
        await client.SendAsync(Captures.Bytes("haproxy32-notify-group.hex"));
        Assert.Equal(FrameType.Ack, (await client.ReadFrameAsync())!.Header.Type);

        // The loop is now blocked in a receive with nothing to come.
        var stop = server.StopAsync();
        var bye = await client.ReadFrameAsync();
        Assert.Equal(FrameType.AgentDisconnect, bye!.Header.Type);
        Assert.Equal(0U, bye.DisconnectStatus());
        Assert.Null(await client.ReadFrameAsync());
        await stop.WaitAsync(Safety);
        Assert.Equal(0, server.Metrics.ConnectionsOpen);
    }

    [Fact]
    public async Task HardStop_EndsAConnectionThreadBlockedInAReceive()
    {
        var server = await SpopServerTests.StartAsync(new EchoHandler());
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();

        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();
        await server.StopAsync(expired.Token).WaitAsync(Safety);
        Assert.Equal(0, server.Metrics.ConnectionsOpen);
        await server.DisposeAsync();
    }

    private static bool IsConnectionThread(string? name) => name?.StartsWith("spop connection ", StringComparison.Ordinal) ?? false;

    /// <summary>A new connection's handshake and one NOTIFY; the name of the thread its messages ran on.</summary>
    private static async Task<(SpopTestClient Client, string? Thread)> ConnectAndNotifyAsync(SpopServer server, ThreadRecordingHandler handler)
    {
        var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();
        handler.LastThreadName = "none yet";
        await client.SendAsync(Captures.Bytes("haproxy32-notify-response.hex"));
        Assert.Equal(FrameType.Ack, (await client.ReadFrameAsync())!.Header.Type);
        return (client, handler.LastThreadName);
    }

    /// <summary>Records the name of the thread the last message ran on (null for an unnamed pool thread).</summary>
    private sealed class ThreadRecordingHandler : IMessageHandler
    {
        private volatile string? _lastThreadName;

        public string? LastThreadName
        {
            get => _lastThreadName;
            set => _lastThreadName = value;
        }

        public void HandleMessage(in SpopMessage message, ref ActionWriter actions) => _lastThreadName = Thread.CurrentThread.Name;
    }
}
