using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Spop.Internal;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Internal;

/// <summary><see cref="BlockingSocketReader"/> and <see cref="BlockingSocketWriter"/> over a real loopback connection.</summary>
public sealed class BlockingSocketTests : IDisposable
{
    private readonly Socket _agent;
    private readonly Socket _peer;

    public BlockingSocketTests()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _peer.Connect(listener.LocalEndPoint!);
        _agent = listener.Accept();
    }

    public void Dispose()
    {
        _agent.Dispose();
        _peer.Dispose();
    }

    [Fact]
    public async Task UnconsumedBytesSurviveCompactionAndGrowth_InOrder()
    {
        const int consumed = 600;
        var sent = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var reader = new BlockingSocketReader(_agent, 1024);

        // Consume 600 of the first 1000 bytes, then hold a 4400-byte "frame" that is larger than the buffer.
        _peer.Send(sent.AsSpan(0, 1000));
        var buffered = await ReadAtLeastAsync(reader, 1000);
        Assert.Equal(sent.AsSpan(0, 1000).ToArray(), buffered.Slice(0, 1000).ToArray());
        reader.AdvanceTo(buffered.GetPosition(consumed), buffered.End);

        _peer.Send(sent.AsSpan(1000));
        buffered = await ReadAtLeastAsync(reader, sent.Length - consumed);
        Assert.Equal(sent.AsSpan(consumed).ToArray(), buffered.ToArray());
        reader.AdvanceTo(buffered.End);
        reader.Complete();
    }

    [Fact]
    public async Task CancelPendingRead_EndsAReadWaitingForData()
    {
        var reader = new BlockingSocketReader(_agent, 1024);
        var read = Task.Run(async () => await reader.ReadAsync());
        await Task.Delay(50);
        reader.CancelPendingRead();

        var result = await read.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.IsCanceled);
        Assert.False(result.IsCompleted);
        reader.Complete();
    }

    [Fact]
    public async Task CancelPendingRead_LeavesSendingPossible_AndCancelsAgainAfterTheShutdown()
    {
        // A graceful stop cancels the read, then still sends the ACKs due and the AGENT-DISCONNECT.
        var reader = new BlockingSocketReader(_agent, 1024);
        var writer = new BlockingSocketWriter(_agent, 256);
        var read = Task.Run(async () => await reader.ReadAsync());
        await Task.Delay(50);
        reader.CancelPendingRead();
        Assert.True((await read.WaitAsync(TimeSpan.FromSeconds(30))).IsCanceled);

        "bye"u8.CopyTo(writer.GetSpan(3));
        writer.Advance(3);
        await writer.FlushAsync();
        var received = new byte[3];
        Assert.Equal(3, _peer.Receive(received));
        Assert.Equal("bye"u8.ToArray(), received);

        // The receive side stays shut: a second cancel is still reported as one, not as the peer's close.
        reader.CancelPendingRead();
        var again = await reader.ReadAsync();
        Assert.True(again.IsCanceled);
        Assert.False(again.IsCompleted);
        writer.Complete();
        reader.Complete();
    }

    [Fact]
    public async Task NonBlockingSocket_ReadWaitsForData_AndCancelStillEndsIt()
    {
        _agent.Blocking = false;
        var reader = new BlockingSocketReader(_agent, 1024);
        var read = Task.Run(async () => await reader.ReadAsync());
        await Task.Delay(50);
        _peer.Send("late"u8);

        var result = await read.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("late"u8.ToArray(), result.Buffer.ToArray());
        reader.AdvanceTo(result.Buffer.End);

        var pending = Task.Run(async () => await reader.ReadAsync());
        await Task.Delay(50);
        reader.CancelPendingRead();
        Assert.True((await pending.WaitAsync(TimeSpan.FromSeconds(30))).IsCanceled);
        reader.Complete();
    }

    [Fact]
    public async Task PeerClose_CompletesTheRead_WithWhatWasBuffered()
    {
        var reader = new BlockingSocketReader(_agent, 1024);
        _peer.Send("abc"u8);
        _peer.Shutdown(SocketShutdown.Send);

        var bytes = new List<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                Assert.Equal("abc"u8.ToArray(), result.Buffer.ToArray());
                break;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        reader.Complete();
    }

    [Fact]
    public void Writer_GrowsBeyondItsCapacity_FlushSendsEverything_AndCompleteSendsTheRest()
    {
        var writer = new BlockingSocketWriter(_agent, 256);
        var first = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        first.CopyTo(writer.GetSpan(first.Length));
        writer.Advance(first.Length);
        var flush = writer.FlushAsync();
        Assert.True(flush.IsCompletedSuccessfully);

        "tail"u8.CopyTo(writer.GetSpan(4));
        writer.Advance(4);
        writer.Complete();
        _agent.Shutdown(SocketShutdown.Send);

        var received = new MemoryStream();
        var chunk = new byte[4096];
        int n;
        while ((n = _peer.Receive(chunk)) > 0)
        {
            received.Write(chunk, 0, n);
        }

        Assert.Equal([.. first, .. "tail"u8.ToArray()], received.ToArray());
    }

    private static async Task<ReadOnlySequence<byte>> ReadAtLeastAsync(BlockingSocketReader reader, int length)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            Assert.False(result.IsCompleted, "the peer closed early");
            if (result.Buffer.Length >= length)
            {
                return result.Buffer;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
