using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Tests.SpopClient;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>The server over real loopback and Unix sockets, driven with captured HAProxy frames.</summary>
public sealed class SpopServerTests
{
    /// <summary>Safety net for waits, not a performance bound.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    internal static async Task<SpopServer> StartAsync(IMessageHandler handler, Action<SpopServerOptions>? configure = null, EndPoint? endPoint = null)
    {
        var options = new SpopServerOptions();
        options.EndPoints.Add(endPoint ?? new IPEndPoint(IPAddress.Loopback, 0));
        configure?.Invoke(options);
        var server = new SpopServer(handler, options);
        await server.StartAsync();
        return server;
    }

    [Theory]
    [InlineData("haproxy26-hello.hex", "haproxy26-notify-request-multi.hex")]
    [InlineData("haproxy32-hello.hex", "haproxy32-notify-request-multi.hex")]
    public async Task CapturedHandshake_ThenNotify_IsAckedWithTheSameIds(string hello, string notify)
    {
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler);
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);

        await client.SendAsync(Captures.Bytes(hello));
        var agentHello = await client.ReadFrameAsync();
        var expected = Captures.Bytes("agent26-hello-pipelining.hex");
        Assert.Equal(expected.AsSpan(11).ToArray(), agentHello!.Payload);

        var request = Captures.Get(notify).Decoded;
        await client.SendAsync(Captures.Bytes(notify));
        var ack = await client.ReadFrameAsync();
        Assert.Equal(FrameType.Ack, ack!.Header.Type);
        Assert.Equal(FrameFlags.Fin, ack.Header.Flags);
        Assert.Equal(request.GetProperty("stream_id").GetUInt64(), ack.Header.StreamId);
        Assert.Equal(request.GetProperty("frame_id").GetUInt64(), ack.Header.FrameId);

        // msg-basic's 5 arguments, then msg-types' 10 (txn.arg0..arg9 overwritten by the second message).
        var actions = ack.Actions();
        Assert.Equal(15, actions.Count);
        Assert.Equal(new TypedText("IPV4", "06", "127.0.0.1"), actions[0].Value);
        Assert.Equal(new TypedText("INT64", "04", "-1"), actions[7].Value);
        Assert.Equal(new TypedText("NULL", "00", null), actions[13].Value);
        Assert.Equal(2, handler.Messages);
        Assert.Equal(1, server.Metrics.AcksSent);
    }

    [Fact]
    public async Task EmptyNotify_IsAckedWithTheFiller()
    {
        await using var server = await StartAsync(new EchoHandler());
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();
        await client.SendAsync(Captures.Bytes("haproxy32-notify-empty.hex"));
        var ack = await client.ReadFrameAsync();
        Assert.Equal("020202015f", Convert.ToHexStringLower(ack!.Payload));
        Assert.Equal((1UL, 1UL), (ack.Header.StreamId, ack.Header.FrameId));
    }

    /// <summary>On a connection thread (the default), asynchronously (no thread left), and with the <c>-t</c> delay.</summary>
    [Theory]
    [InlineData(0, SpopServerOptions.DefaultConnectionThreads)]
    [InlineData(0, 0)]
    [InlineData(30, SpopServerOptions.DefaultConnectionThreads)]
    public async Task PipelinedNotifies_AllGetTheirAck(int delayMs, int connectionThreads)
    {
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler, o =>
        {
            o.ProcessingDelay = TimeSpan.FromMilliseconds(delayMs);
            o.ConnectionThreads = connectionThreads;
        });
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync("haproxy26-hello.hex");

        var payload = Captures.Bytes("haproxy26-notify-group.hex").AsSpan(11).ToArray();
        var sent = new HashSet<(ulong, ulong)>();
        var frames = new List<byte[]>();
        for (ulong i = 0; i < 40; i++)
        {
            frames.Add(HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 2 * i + 1, 1, payload));
            sent.Add((2 * i + 1, 1));
        }

        await client.SendAsync([.. frames.SelectMany(f => f)]);
        var received = new HashSet<(ulong, ulong)>();
        while (received.Count < sent.Count)
        {
            var ack = await client.ReadFrameAsync();
            Assert.NotNull(ack);
            Assert.Equal(FrameType.Ack, ack.Header.Type);
            Assert.True(received.Add((ack.Header.StreamId, ack.Header.FrameId)));
        }

        Assert.Equal(sent, received);
        Assert.Equal(40, handler.Messages);
    }

    [Theory]
    [InlineData(SpopServerOptions.DefaultConnectionThreads)]
    [InlineData(0)]
    public async Task HealthCheck_GetsAgentHello_ThenClose(int connectionThreads)
    {
        await using var server = await StartAsync(new EchoHandler(), o => o.ConnectionThreads = connectionThreads);
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.SendAsync(Captures.Bytes("haproxy32-hello-healthcheck.hex"));
        var hello = await client.ReadFrameAsync();
        Assert.Equal(FrameType.AgentHello, hello!.Header.Type);
        Assert.Equal(FrameFlags.Fin, hello.Header.Flags);
        var keys = new List<string>();
        var reader = new KvListReader(hello.Payload);
        while (reader.TryRead(out var key, out _))
        {
            keys.Add(System.Text.Encoding.ASCII.GetString(key));
        }

        Assert.Equal(["version", "max-frame-size", "capabilities"], keys);
        Assert.Null(await client.ReadFrameAsync());
        Assert.Equal(1, server.Metrics.HealthChecks);
    }

    [Theory]
    [InlineData(SpopServerOptions.DefaultConnectionThreads)]
    [InlineData(0)]
    public async Task HaproxyDisconnect_GetsAgentDisconnect0_ThenClose(int connectionThreads)
    {
        await using var server = await StartAsync(new EchoHandler(), o => o.ConnectionThreads = connectionThreads);
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync("haproxy26-hello.hex");
        await client.SendAsync(Captures.Bytes("haproxy26-disconnect-idle-timeout.hex"));
        var reply = await client.ReadFrameAsync();
        Assert.Equal(FrameType.AgentDisconnect, reply!.Header.Type);
        Assert.Equal(0U, reply.DisconnectStatus());
        Assert.Null(await client.ReadFrameAsync());
    }

    [Fact]
    public async Task UnixSocket_Works_AndIsRemovedOnStop()
    {
        var path = Path.Combine(Path.GetTempPath(), $"spop-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        File.WriteAllText(path, "stale");
        var server = await StartAsync(new EchoHandler(), endPoint: new UnixDomainSocketEndPoint(path));
        try
        {
            await using var client = await SpopTestClient.ConnectAsync(new UnixDomainSocketEndPoint(path));
            await client.HelloAsync();
            await client.SendAsync(Captures.Bytes("haproxy32-notify-response.hex"));
            Assert.Equal(FrameType.Ack, (await client.ReadFrameAsync())!.Header.Type);
        }
        finally
        {
            await server.StopAsync();
        }

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task IPv6Loopback_Works()
    {
        await using var server = await StartAsync(new EchoHandler(), endPoint: new IPEndPoint(IPAddress.IPv6Loopback, 0));
        Assert.Equal(AddressFamily.InterNetworkV6, server.BoundEndPoints[0].AddressFamily);
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();
        await client.SendAsync(Captures.Bytes("haproxy26-notify-ipv6-src.hex"));
        Assert.Equal(FrameType.Ack, (await client.ReadFrameAsync())!.Header.Type);
    }

    [Fact]
    public async Task ThrowingHandler_OtherMessagesRun_AndTheAckIsSent()
    {
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler);
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        new MessageListWriter(buffer)
            .BeginMessage("first", 1).Argument("a", "one")
            .BeginMessage("boom", 0)
            .BeginMessage("third", 1).Argument("c", "three");
        await client.SendAsync(HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 5, 1, buffer.WrittenSpan));
        var ack = await client.ReadFrameAsync();
        Assert.Equal((5UL, 1UL), (ack!.Header.StreamId, ack.Header.FrameId));
        var values = ack.Actions().Select(a => (a.Name, a.Value?.Value)).ToList();
        Assert.Equal([("arg0", "one"), ("before_boom", "true"), ("arg0", "three")], values);
        Assert.Equal(3, handler.Messages);
        Assert.Equal(1, server.Metrics.HandlerErrors);

        // The connection lives on.
        await client.SendAsync(Captures.Bytes("haproxy32-notify-group.hex"));
        Assert.Equal(FrameType.Ack, (await client.ReadFrameAsync())!.Header.Type);
    }

    [Fact]
    public async Task GracefulStop_FinishesInFlightFrames_ThenDisconnects()
    {
        await using var server = await StartAsync(new EchoHandler(), o => o.ProcessingDelay = TimeSpan.FromMilliseconds(200));
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();
        await client.SendAsync(Captures.Bytes("haproxy32-notify-group.hex"));
        using (var deadline = new CancellationTokenSource(Safety))
        {
            while (server.Metrics.NotifyFrames == 0)
            {
                await Task.Delay(5, deadline.Token);
            }
        }

        var stop = server.StopAsync();
        var ack = await client.ReadFrameAsync();
        Assert.Equal(FrameType.Ack, ack!.Header.Type);
        var bye = await client.ReadFrameAsync();
        Assert.Equal(FrameType.AgentDisconnect, bye!.Header.Type);
        Assert.Equal(0U, bye.DisconnectStatus());
        await stop;
        Assert.Equal(0, server.Metrics.ConnectionsOpen);
    }

    [Fact]
    public async Task MaxConnections_RefusesTheExcess()
    {
        await using var server = await StartAsync(new EchoHandler(), o => o.MaxConnections = 1);
        await using var first = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await first.HelloAsync();
        await using var second = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        Assert.Null(await second.ReadFrameAsync());
        Assert.Equal(1, server.Metrics.ConnectionsRefused);
    }

    [Theory]
    [InlineData(SpopServerOptions.DefaultConnectionThreads)]
    [InlineData(0)]
    public async Task HandshakeTimeout_ClosesASilentConnection(int connectionThreads)
    {
        await using var server = await StartAsync(new EchoHandler(), o =>
        {
            o.HandshakeTimeout = TimeSpan.FromMilliseconds(100);
            o.ConnectionThreads = connectionThreads;
        });
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        var frame = await client.ReadFrameAsync();
        Assert.Equal(2U, frame!.DisconnectStatus());
        Assert.Null(await client.ReadFrameAsync());
    }
}
