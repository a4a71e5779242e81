using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>Plays HAProxy over a raw socket: sends bytes as given, reads the agent's frames back.</summary>
internal sealed class SpopTestClient : IAsyncDisposable
{
    /// <summary>A safety net against a hung test, not a performance assertion.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(15);

    private readonly Socket _socket;
    private byte[] _pending = [];

    private SpopTestClient(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<SpopTestClient> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Safety);
        await socket.ConnectAsync(endPoint, cts.Token);
        return new SpopTestClient(socket);
    }

    public async Task SendAsync(params byte[][] frames)
    {
        foreach (var frame in frames)
        {
            await _socket.SendAsync(frame);
        }
    }

    public async Task SendByteByByteAsync(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            await _socket.SendAsync(bytes.AsMemory(i, 1));
            await Task.Yield();
        }
    }

    /// <summary>The next frame, or null when the agent closed the connection.</summary>
    public async Task<ReceivedFrame?> ReadFrameAsync()
    {
        using var cts = new CancellationTokenSource(Safety);
        var chunk = new byte[65536];
        while (true)
        {
            var buffer = new ReadOnlySequence<byte>(_pending);
            if (FrameReader.TryReadFrame(ref buffer, uint.MaxValue, out var header, out var payload))
            {
                var frame = new ReceivedFrame(header, payload.ToArray());
                _pending = buffer.ToArray();
                return frame;
            }

            int read;
            try
            {
                read = await _socket.ReceiveAsync(chunk, cts.Token);
            }
            catch (SocketException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending = [.. _pending, .. chunk.AsSpan(0, read)];
        }
    }

    public async Task HelloAsync(string file = "haproxy32-hello.hex")
    {
        await SendAsync(Captures.Bytes(file));
        var hello = await ReadFrameAsync();
        if (hello?.Header.Type != FrameType.AgentHello)
        {
            throw new InvalidOperationException("no AGENT-HELLO");
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal sealed record ReceivedFrame(FrameHeader Header, byte[] Payload)
{
    public uint DisconnectStatus()
    {
        var reader = new KvListReader(Payload);
        while (reader.TryRead(out var key, out var value))
        {
            if (key.SequenceEqual("status-code"u8))
            {
                return (uint)value.UInt64;
            }
        }

        throw new InvalidOperationException("no status-code");
    }

    public List<DecodedAction> Actions() => ActionListDecoder.Decode(Payload, out _);
}
