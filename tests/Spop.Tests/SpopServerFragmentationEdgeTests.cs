using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>
/// The edges of HAProxy 2.x fragmentation (spop-protocol.md 1.4, 4.4, 5): frames out of place end that connection with
/// AGENT-DISCONNECT and the status of section 5; an abort with nothing to abandon is harmless; a reassembled NOTIFY is
/// capped at <see cref="SpopConnection.MaxReassembledSize"/>.
/// </summary>
public sealed class SpopServerFragmentationEdgeTests
{
    /// <summary>What fits in one fragment under HAProxy 2.6's max-frame-size of 16380 (type, flags and ids are at most 25 bytes).</summary>
    private const int FragmentSize = 16_000;

    private static readonly byte[] Payload = Captures.Bytes("haproxy26-notify-request-multi.hex").AsSpan(11).ToArray();

    [Fact]
    public async Task A_NOTIFY_while_another_is_being_reassembled_is_11_invalid_interlaced_frames()
    {
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler);
        await using var client = await HelloAsync(server);
        await client.SendAsync(
            HelloBuilder.Frame(FrameType.Notify, FrameFlags.None, 6, 2, Payload.AsSpan(0, 40)),
            HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 8, 1, Payload));

        await AssertDisconnectedAsync(client, SpopStatus.InvalidInterlacedFrames);
        Assert.Equal(0, handler.Messages);
    }

    [Fact]
    public async Task A_fragment_without_a_NOTIFY_before_it_is_4_invalid_frame()
    {
        // A type-0 frame is valid only as the continuation of a NOTIFY without FIN: at any other point it is a frame
        // of the wrong type (section 5, status 4).
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler);
        await using var client = await HelloAsync(server);
        await client.SendAsync(HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin, 6, 2, Payload));

        await AssertDisconnectedAsync(client, SpopStatus.InvalidFrame);
        Assert.Equal(0, handler.Messages);
    }

    [Fact]
    public async Task An_abort_with_nothing_being_reassembled_is_ignored_and_the_connection_goes_on()
    {
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler);
        await using var client = await HelloAsync(server);

        // Before any NOTIFY, then after a fragmented NOTIFY already completed (HAProxy's abort came too late).
        await client.SendAsync(
            HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin | FrameFlags.Abort, 4, 1, []),
            HelloBuilder.Frame(FrameType.Notify, FrameFlags.None, 6, 2, Payload.AsSpan(0, 40)),
            HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin, 6, 2, Payload.AsSpan(40)),
            HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin | FrameFlags.Abort, 6, 2, []),
            HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 8, 1, Payload));

        // The two ACKs, in order, and nothing before them: no AGENT-DISCONNECT was sent for either abort.
        await AssertAckAsync(client, 6, 2);
        await AssertAckAsync(client, 8, 1);
        Assert.Equal(4, handler.Messages);
        Assert.Equal(0, server.Metrics.ProtocolErrorCount(SpopStatus.InvalidFrame));
    }

    [Fact]
    public async Task A_reassembled_NOTIFY_of_exactly_the_cap_is_handled()
    {
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler);
        await using var client = await HelloAsync(server);
        await client.SendAsync([.. Fragments(6, 2, NotifyPayload(SpopConnection.MaxReassembledSize), fin: true)]);

        await AssertAckAsync(client, 6, 2);
        Assert.Equal(1, handler.Messages);
    }

    [Fact]
    public async Task The_fragment_that_takes_reassembly_past_the_cap_is_3_frame_too_big_and_only_that_connection_closes()
    {
        var handler = new EchoHandler();
        await using var server = await StartAsync(handler);
        await using var bystander = await HelloAsync(server);
        await using var client = await HelloAsync(server);

        // The cap's worth of fragments is accepted (the test above); one more byte is not.
        await client.SendAsync([.. Fragments(6, 2, NotifyPayload(SpopConnection.MaxReassembledSize), fin: false)]);
        await client.SendAsync(HelloBuilder.Frame(FrameType.Unset, FrameFlags.Fin, 6, 2, [0]));

        await AssertDisconnectedAsync(client, SpopStatus.FrameTooBig);
        Assert.Equal(1, server.Metrics.ProtocolErrorCount(SpopStatus.FrameTooBig));
        await bystander.SendAsync(HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 8, 1, Payload));
        await AssertAckAsync(bystander, 8, 1);
        Assert.Equal(2, handler.Messages);
    }

    private static Task<SpopServer> StartAsync(EchoHandler handler) =>
        SpopServerTests.StartAsync(handler, o => o.Fragmentation = true);

    private static async Task<SpopTestClient> HelloAsync(SpopServer server)
    {
        var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync("haproxy26-hello.hex");
        return client;
    }

    /// <summary>AGENT-DISCONNECT with <paramref name="status"/>, then the agent closes the connection.</summary>
    private static async Task AssertDisconnectedAsync(SpopTestClient client, SpopStatus status)
    {
        var reply = await client.ReadFrameAsync();
        Assert.Equal(FrameType.AgentDisconnect, reply!.Header.Type);
        Assert.Equal((uint)status, reply.DisconnectStatus());
        Assert.Null(await client.ReadFrameAsync());
    }

    private static async Task AssertAckAsync(SpopTestClient client, ulong streamId, ulong frameId)
    {
        var ack = await client.ReadFrameAsync();
        Assert.Equal(FrameType.Ack, ack!.Header.Type);
        Assert.Equal((streamId, frameId), (ack.Header.StreamId, ack.Header.FrameId));
    }

    /// <summary>A NOTIFY payload of exactly <paramref name="size"/> bytes: one message "big" whose one unnamed
    /// argument is a string filling the rest.</summary>
    private static byte[] NotifyPayload(int size)
    {
        Span<byte> lengthBytes = stackalloc byte[Varint.MaxLength];
        // name (1 + 3), argument count (1), argument name (1), type (1), string length (varint), string.
        const int fixedPart = 4 + 1 + 1 + 1;
        var length = size - fixedPart;
        int varint;
        while (fixedPart + (varint = Varint.Write(lengthBytes, (ulong)length)) + length != size)
        {
            length--;
        }

        byte[] payload = [3, .. "big"u8, 1, 0, (byte)SpopDataType.String, .. lengthBytes[..varint], .. new byte[length]];
        Assert.Equal(size, payload.Length);
        return payload;
    }

    /// <summary><paramref name="payload"/> as HAProxy 2.6 fragments it: a NOTIFY without FIN, then type-0 frames with
    /// the same ids, the last one with FIN when <paramref name="fin"/>.</summary>
    private static IEnumerable<byte[]> Fragments(ulong streamId, ulong frameId, byte[] payload, bool fin)
    {
        for (var offset = 0; offset < payload.Length; offset += FragmentSize)
        {
            var count = Math.Min(FragmentSize, payload.Length - offset);
            var last = offset + count == payload.Length;
            yield return HelloBuilder.Frame(offset == 0 ? FrameType.Notify : FrameType.Unset,
                last && fin ? FrameFlags.Fin : FrameFlags.None, streamId, frameId, payload.AsSpan(offset, count));
        }
    }
}
