using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Tests.SpopClient;

/// <summary>
/// HAProxy's end of an SPOP connection for tests: a raw socket that sends bytes exactly as given and reads the
/// agent's frames back whole. Shared (as source) by the Spop and EndToEnd test projects.
/// </summary>
internal sealed class FrameSocket : IAsyncDisposable
{
    /// <summary>A safety net against a hung test, not a performance bound.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private byte[] _pending = [];

    private FrameSocket(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<FrameSocket> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Safety);
        await socket.ConnectAsync(endPoint, cts.Token);
        return new FrameSocket(socket);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _socket.SendAsync(bytes);

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

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
