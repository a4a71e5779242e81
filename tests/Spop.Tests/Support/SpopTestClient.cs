using System.Net;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Tests.SpopClient;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>Plays HAProxy over a raw socket: sends bytes as given, reads the agent's frames back.</summary>
internal sealed class SpopTestClient : IAsyncDisposable
{
    private readonly FrameSocket _socket;

    private SpopTestClient(FrameSocket socket)
    {
        _socket = socket;
    }

    public static async Task<SpopTestClient> ConnectAsync(EndPoint endPoint) => new(await FrameSocket.ConnectAsync(endPoint));

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
    public Task<ReceivedFrame?> ReadFrameAsync() => _socket.ReadFrameAsync();

    public async Task HelloAsync(string file = "haproxy32-hello.hex")
    {
        await SendAsync(Captures.Bytes(file));
        var hello = await ReadFrameAsync();
        if (hello?.Header.Type != FrameType.AgentHello)
        {
            throw new InvalidOperationException("no AGENT-HELLO");
        }
    }

    public ValueTask DisposeAsync() => _socket.DisposeAsync();
}

internal static class ReceivedFrameActions
{
    public static List<DecodedAction> Actions(this ReceivedFrame frame) => ActionListDecoder.Decode(frame.Payload, out _);
}
