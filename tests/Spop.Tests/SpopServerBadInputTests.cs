using SpoaOpenTracing.Tests.SpopClient;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>
/// Hostile bytes over a raw socket: each bad connection gets the right AGENT-DISCONNECT and is closed, while a
/// well-behaved connection opened before keeps exchanging NOTIFY/ACK after each of them.
/// </summary>
public sealed class SpopServerBadInputTests
{
    public static TheoryData<string, byte[][], SpopStatus> BadInputs()
    {
        var hello = Captures.Bytes("haproxy32-hello.hex");
        var oversized = new byte[] { 0x00, 0x00, 0x40, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01 }; // 16385 > 16384
        // A NOTIFY whose message name length is a varint cut by the end of the frame.
        var truncatedVarint = HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 1, 1, [0xf5]);
        return new TheoryData<string, byte[][], SpopStatus>
        {
            { "oversized frame", [hello, oversized], SpopStatus.FrameTooBig },
            { "truncated varint", [hello, truncatedVarint], SpopStatus.InvalidFrame },
            { "NOTIFY before HELLO", [Captures.Bytes("haproxy32-notify-group.hex")], SpopStatus.InvalidFrame },
            { "garbage length", ["GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray()], SpopStatus.FrameTooBig },
            { "HELLO without FIN", [HelloBuilder.Hello(flags: FrameFlags.None)], SpopStatus.FragmentationNotSupported },
            { "oversized before HELLO", [[0x00, 0x01, 0x00, 0x00]], SpopStatus.FrameTooBig },
            { "fragment without negotiation", [hello, HelloBuilder.Frame(FrameType.Notify, FrameFlags.None, 1, 1, [])], SpopStatus.FragmentationNotSupported },
            { "second HELLO", [hello, hello], SpopStatus.InvalidFrame },
            { "unknown value type", [hello, HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 1, 1, [0x01, 0x6d, 0x01, 0x00, 0x0b])], SpopStatus.InvalidFrame },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadConnection_GetsItsStatus_GoodOneKeepsWorking(string name, byte[][] frames, SpopStatus status)
    {
        var handler = new EchoHandler();
        await using var server = await SpopServerTests.StartAsync(handler);
        await using var good = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await good.HelloAsync();
        await AssertExchangeAsync(good, 1);

        await using (var bad = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]))
        {
            await bad.SendAsync(frames);
            ReceivedFrame? reply;
            do
            {
                reply = await bad.ReadFrameAsync();
                Assert.True(reply is not null, $"{name}: the connection closed without an AGENT-DISCONNECT");
            }
            while (reply.Header.Type == FrameType.AgentHello);

            Assert.Equal(FrameType.AgentDisconnect, reply.Header.Type);
            Assert.Equal((uint)status, reply.DisconnectStatus());
            Assert.Null(await bad.ReadFrameAsync());
        }

        Assert.Equal(1, server.Metrics.ProtocolErrorCount(status));
        await AssertExchangeAsync(good, 3);
    }

    [Fact]
    public async Task SlowClient_OneBytePerSend_Works()
    {
        await using var server = await SpopServerTests.StartAsync(new EchoHandler());
        await using var good = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await good.HelloAsync();
        await using var slow = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);

        await slow.SendByteByByteAsync([.. Captures.Bytes("haproxy26-hello.hex"), .. Captures.Bytes("haproxy26-notify-request-multi.hex")]);
        Assert.Equal(FrameType.AgentHello, (await slow.ReadFrameAsync())!.Header.Type);
        await AssertExchangeAsync(good, 7);
        var ack = await slow.ReadFrameAsync();
        Assert.Equal(FrameType.Ack, ack!.Header.Type);
        Assert.Equal((0UL, 1UL), (ack.Header.StreamId, ack.Header.FrameId));
        Assert.Equal(15, ack.Actions().Count);
    }

    [Fact]
    public async Task UnknownFrameType_IsSkipped()
    {
        await using var server = await SpopServerTests.StartAsync(new EchoHandler());
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();
        await client.SendAsync(HelloBuilder.Frame((FrameType)200, FrameFlags.Fin, 1, 1, [1, 2, 3]));
        await AssertExchangeAsync(client, 9);
    }

    private static async Task AssertExchangeAsync(SpopTestClient client, ulong streamId)
    {
        var payload = Captures.Bytes("haproxy32-notify-response.hex").AsSpan(11).ToArray();
        await client.SendAsync(HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, streamId, 1, payload));
        var ack = await client.ReadFrameAsync();
        Assert.Equal(FrameType.Ack, ack!.Header.Type);
        Assert.Equal(streamId, ack.Header.StreamId);
    }
}
