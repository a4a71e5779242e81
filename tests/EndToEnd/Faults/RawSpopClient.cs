using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Tests.SpopClient;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Plays HAProxy's side of SPOP over a raw socket: HELLO, NOTIFY/ACK round trips, arbitrary bytes.</summary>
internal sealed class RawSpopClient : IAsyncDisposable
{
    private readonly FrameSocket _socket;
    private ulong _nextFrameId;

    private RawSpopClient(FrameSocket socket)
    {
        _socket = socket;
    }

    public static async Task<RawSpopClient> ConnectAsync(EndPoint endPoint) => new(await FrameSocket.ConnectAsync(endPoint));

    public static async Task<RawSpopClient> ConnectAndHelloAsync(EndPoint endPoint)
    {
        var client = await ConnectAsync(endPoint);
        await client.HelloAsync();
        return client;
    }

    public static byte[] HelloFrame()
    {
        var kv = new ArrayBufferWriter<byte>();
        WriteKv(kv, "supported-versions", SpopValue.FromString("2.0"u8));
        WriteKv(kv, "max-frame-size", SpopValue.FromUInt32(16380));
        WriteKv(kv, "capabilities", SpopValue.FromString("pipelining"u8));
        return Frame(FrameType.HaproxyHello, 0, 0, kv.WrittenSpan);
    }

    public static byte[] Frame(FrameType type, ulong streamId, ulong frameId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[4 + 5 + 20 + payload.Length];
        frame[4] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), (uint)FrameFlags.Fin);
        var n = 9;
        n += Varint.Write(frame.AsSpan(n), streamId);
        n += Varint.Write(frame.AsSpan(n), frameId);
        payload.CopyTo(frame.AsSpan(n));
        n += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(n - 4));
        return frame[..n];
    }

    /// <summary>A NOTIFY frame carrying the messages <paramref name="build"/> writes.</summary>
    public static byte[] NotifyFrame(ulong streamId, ulong frameId, Action<MessageListWriter> build)
    {
        var payload = new ArrayBufferWriter<byte>();
        build(new MessageListWriter(payload));
        return Frame(FrameType.Notify, streamId, frameId, payload.WrittenSpan);
    }

    public async Task HelloAsync()
    {
        await SendAsync(HelloFrame());
        var reply = await ReadFrameAsync();
        if (reply?.Header.Type != FrameType.AgentHello)
        {
            throw new InvalidOperationException("no AGENT-HELLO");
        }
    }

    /// <summary>One NOTIFY, waits for its ACK; returns the round-trip time.</summary>
    public async Task<TimeSpan> NotifyAsync(Action<MessageListWriter> build)
    {
        var frameId = ++_nextFrameId;
        var started = Stopwatch.GetTimestamp();
        await SendAsync(NotifyFrame(0, frameId, build));
        var reply = await ReadFrameAsync() ?? throw new InvalidOperationException("connection closed instead of an ACK");
        if (reply.Header.Type != FrameType.Ack || reply.Header.FrameId != frameId)
        {
            throw new InvalidOperationException($"expected the ACK of frame {frameId}, got type {reply.Header.Type} frame {reply.Header.FrameId}");
        }

        return Stopwatch.GetElapsedTime(started);
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    /// <summary>The next frame, or null when the agent closed the connection.</summary>
    public Task<ReceivedFrame?> ReadFrameAsync() => _socket.ReadFrameAsync();

    public ValueTask DisposeAsync() => _socket.DisposeAsync();

    private static void WriteKv(ArrayBufferWriter<byte> output, string key, SpopValue value)
    {
        var keyBytes = System.Text.Encoding.ASCII.GetBytes(key);
        output.Advance(TypedData.WriteString(output.GetSpan(16 + keyBytes.Length), keyBytes));
        output.Advance(TypedData.Write(output.GetSpan(TypedData.GetLength(value)), value));
    }
}
