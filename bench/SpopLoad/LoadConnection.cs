using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>
/// One HAProxy-like connection: the captured 2.6 HELLO, then <see cref="Slots"/> simulated streams, each sending
/// the NOTIFYs of one request in order and the next only when the previous one is ACKed (as HAProxy does per
/// stream), so up to 20 frames are outstanding. A receive loop matches ACKs by stream/frame id and hands the
/// stream back to the send loop, which batches whatever is ready into one send.
/// </summary>
internal sealed class LoadConnection
{
    /// <summary>HAProxy's max-waiting-frames: 20 NOTIFYs in flight per connection.</summary>
    public const int Slots = 20;

    // HAPROXY-HELLO captured from HAProxy 2.6.12 (tests/Spop.Tests/Captures/haproxy26-hello.hex): supported-versions
    // "2.0", max-frame-size 16380, capabilities "pipelining,async", an engine-id.
    private static readonly byte[] s_hello = Convert.FromHexString(
        "000000810100000001000012737570706f727465642d76657273696f6e730803"
        + "322e300e6d61782d6672616d652d73697a6503fcf0060c6361706162696c6974"
        + "6965730810706970656c696e696e672c6173796e6309656e67696e652d696408"
        + "2463313330316234362d633262392d343034372d393233332d36323233626263"
        + "6165666163");

    private readonly LoadRun _run;
    private readonly int _index;
    private readonly Socket _socket;
    private readonly byte[][][] _payloads = new byte[Slots][][];
    private readonly ulong[] _streamIds = new ulong[Slots];
    private readonly int[] _steps = new int[Slots];
    private readonly long[] _sentAt = new long[Slots];
    private readonly ConcurrentQueue<int> _ready = new();
    private readonly SemaphoreSlim _readySignal = new(0);
    private readonly byte[] _id = new byte[RequestScript.IdLength];
    private ulong _sequence;
    private int _inFlight;

    public LoadConnection(LoadRun run, int index)
    {
        _run = run;
        _index = index;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    }

    public LatencyHistogram Latency { get; } = new();

    public long MessagesAcked { get; private set; }

    public long FramesAcked { get; private set; }

    /// <summary>Requests whose every NOTIFY was ACKed, measured or not (for the span count check).</summary>
    public long RequestsCompleted { get; private set; }

    public string? Error { get; private set; }

    public async Task RunAsync(IPEndPoint target, CancellationToken drainDeadline)
    {
        try
        {
            await _socket.ConnectAsync(target).ConfigureAwait(false);
            await HandshakeAsync().ConfigureAwait(false);
            for (var slot = 0; slot < Slots; slot++)
            {
                _payloads[slot] = _run.Script.Payloads.Select(p => (byte[])p.Clone()).ToArray();
                StartRequest(slot);
                _ready.Enqueue(slot);
            }

            _readySignal.Release();
            var sending = SendLoopAsync();
            await ReceiveLoopAsync(drainDeadline).ConfigureAwait(false);
            _readySignal.Release();
            await sending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or InvalidDataException)
        {
            Error ??= ex.Message;
        }
        finally
        {
            _socket.Dispose();
        }
    }

    private async Task HandshakeAsync()
    {
        await _socket.SendAsync(s_hello).ConfigureAwait(false);
        var buffer = new byte[16384];
        var have = 0;
        while (have < 4 || have < 4 + BinaryPrimitives.ReadInt32BigEndian(buffer))
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(have)).ConfigureAwait(false);
            if (n == 0)
            {
                throw new InvalidDataException("closed during the handshake");
            }

            have += n;
        }

        if (buffer[4] != (byte)FrameType.AgentHello)
        {
            throw new InvalidDataException($"expected AGENT-HELLO, got frame type {buffer[4]}");
        }
    }

    /// <summary>A new simulated request on <paramref name="slot"/>: fresh stream id and unique id, first event.</summary>
    private void StartRequest(int slot)
    {
        var sequence = ++_sequence;
        _streamIds[slot] = (sequence << 5) | (uint)slot;
        _steps[slot] = 0;

        // "<conn>-<sequence>" in hex, right-aligned in the fixed-length id: unique per simulated request.
        _id.AsSpan().Fill((byte)'0');
        var text = $"{_index:X4}-{(sequence << 5) | (uint)slot:X16}";
        for (var i = 0; i < text.Length; i++)
        {
            _id[RequestScript.IdLength - text.Length + i] = (byte)text[i];
        }

        RequestScript.PatchId(_payloads[slot], _run.Script.IdOffsets, _id);
    }

    private async Task SendLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        var script = _run.Script;
        while (!_run.Stopping)
        {
            await _readySignal.WaitAsync().ConfigureAwait(false);
            var length = 0;
            while (!_run.Stopping && _ready.TryDequeue(out var slot))
            {
                var step = _steps[slot];
                if (_run.Pacer is { } pacer)
                {
                    var wait = pacer.Reserve(script.MessagesPerFrame[step]);
                    if (wait >= TimeSpan.FromMilliseconds(1))
                    {
                        await SendAsync(buffer, length).ConfigureAwait(false);
                        length = 0;
                        await Task.Delay(wait).ConfigureAwait(false);
                    }
                }

                var payload = _payloads[slot][step];
                if (length + payload.Length + 32 > buffer.Length)
                {
                    await SendAsync(buffer, length).ConfigureAwait(false);
                    length = 0;
                }

                length += WriteNotify(buffer.AsSpan(length), _streamIds[slot], (ulong)step + 1, payload);
                Interlocked.Increment(ref _inFlight);
                _sentAt[slot] = Stopwatch.GetTimestamp();
            }

            await SendAsync(buffer, length).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(byte[] buffer, int length)
    {
        var sent = 0;
        while (sent < length)
        {
            sent += await _socket.SendAsync(buffer.AsMemory(sent, length - sent)).ConfigureAwait(false);
        }
    }

    private static int WriteNotify(Span<byte> destination, ulong streamId, ulong frameId, ReadOnlySpan<byte> payload)
    {
        destination[4] = (byte)FrameType.Notify;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)FrameFlags.Fin);
        var n = 9;
        n += Varint.Write(destination[n..], streamId);
        n += Varint.Write(destination[n..], frameId);
        payload.CopyTo(destination[n..]);
        n += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(n - 4));
        return n;
    }

    private async Task ReceiveLoopAsync(CancellationToken drainDeadline)
    {
        var buffer = new byte[256 * 1024];
        var have = 0;
        var ticksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, drainDeadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_run.Stopping && Volatile.Read(ref _inFlight) == 0)
            {
                // The last ACK came in before the stop, so no read saw both: nothing was outstanding.
                return;
            }

            if (n == 0)
            {
                throw new InvalidDataException("the agent closed the connection");
            }

            have += n;
            var now = Stopwatch.GetTimestamp();
            var offset = 0;
            var released = false;
            while (have - offset >= 4)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(offset));
                if (have - offset - 4 < length)
                {
                    break;
                }

                var frame = buffer.AsSpan(offset + 4, length);
                offset += 4 + length;
                if (frame[0] != (byte)FrameType.Ack)
                {
                    throw new InvalidDataException($"expected ACK, got frame type {frame[0]}");
                }

                Varint.Decode(frame[5..], out var streamId, out var used);
                Varint.Decode(frame[(5 + used)..], out var frameId, out _);
                var slot = (int)(streamId & 31);
                if (slot >= Slots || _streamIds[slot] != streamId || (ulong)_steps[slot] + 1 != frameId)
                {
                    throw new InvalidDataException($"unexpected ACK stream {streamId} frame {frameId}");
                }

                Interlocked.Decrement(ref _inFlight);
                var step = _steps[slot];
                if (_run.Measuring)
                {
                    Latency.Record((long)((now - _sentAt[slot]) / ticksPerMicrosecond));
                    MessagesAcked += _run.Script.MessagesPerFrame[step];
                    FramesAcked++;
                }

                if (++_steps[slot] == _run.Script.FrameCount)
                {
                    RequestsCompleted++;
                    if (_run.Stopping)
                    {
                        continue;
                    }

                    StartRequest(slot);
                }

                if (!_run.Stopping)
                {
                    _ready.Enqueue(slot);
                    released = true;
                }
            }

            buffer.AsSpan(offset, have - offset).CopyTo(buffer);
            have -= offset;
            if (released)
            {
                _readySignal.Release();
            }

            if (_run.Stopping && Volatile.Read(ref _inFlight) == 0)
            {
                return;
            }
        }
    }
}
