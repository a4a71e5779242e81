using SpoaOpenTracing.Tests.SpopClient;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>HAProxy 2.x fragmented NOTIFYs, accepted only when we announced fragmentation.</summary>
public sealed class SpopServerFragmentationTests
{
    private static readonly byte[] Payload = Captures.Bytes("haproxy26-notify-request-multi.hex").AsSpan(11).ToArray();

    [Fact]
    public async Task Fragments_AreReassembled_AndAbortDrops()
    {
        var handler = new EchoHandler();
        await using var server = await SpopServerTests.StartAsync(handler, o => o.Fragmentation = true);
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync("haproxy26-hello.hex");

        // Aborted transfer: nothing is handled.
        await client.SendAsync(
            HelloBuilder.Frame(FrameType.Notify, FrameFlags.None, 4, 1, Payload.AsSpan(0, 50)),
            HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin | FrameFlags.Abort, 4, 1, []));

        // Complete transfer in three pieces.
        await client.SendAsync(
            HelloBuilder.Frame(FrameType.Notify, FrameFlags.None, 6, 2, Payload.AsSpan(0, 40)),
            HelloBuilder.Frame(FrameType.Unset, FrameFlags.None, 6, 2, Payload.AsSpan(40, 60)),
            HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin, 6, 2, Payload.AsSpan(100)));
        var ack = await client.ReadFrameAsync();
        Assert.Equal((6UL, 2UL), (ack!.Header.StreamId, ack.Header.FrameId));
        Assert.Equal(15, ack.Actions().Count);
        Assert.Equal(2, handler.Messages);
    }

    [Fact]
    public async Task FragmentWithOtherIds_Is11()
    {
        await using var server = await SpopServerTests.StartAsync(new EchoHandler(), o => o.Fragmentation = true);
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync("haproxy26-hello.hex");
        await client.SendAsync(
            HelloBuilder.Frame(FrameType.Notify, FrameFlags.None, 6, 2, Payload.AsSpan(0, 40)),
            HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin, 8, 2, Payload.AsSpan(40)));
        var reply = await client.ReadFrameAsync();
        Assert.Equal(FrameType.AgentDisconnect, reply!.Header.Type);
        Assert.Equal((uint)SpopStatus.InvalidInterlacedFrames, reply.DisconnectStatus());
    }
}
