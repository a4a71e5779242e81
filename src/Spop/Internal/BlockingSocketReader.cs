using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// A <see cref="PipeReader"/> whose reads are blocking receives on the calling thread, into one contiguous pooled
/// buffer: <see cref="ReadAsync"/> always completes synchronously (it is <see cref="Read"/>), so a loop awaiting it runs on its thread from
/// start to end with one system call per read and no epoll round trip (what a thread per connection buys).
/// </summary>
/// <remarks>
/// <see cref="CancelPendingRead"/> (a graceful stop, the handshake timer) ends the reading: on Linux it shuts the
/// socket's receive side, which wakes a blocked receive at once and leaves sending possible (the ACKs still due, the
/// AGENT-DISCONNECT). Elsewhere a blocked receive cannot be interrupted portably, so it wakes every
/// <see cref="CancelCheckInterval"/> to look. Disposing the socket ends a read at once on every system.
/// </remarks>
internal sealed class BlockingSocketReader : PipeReader
{
    /// <summary>Where the receive side cannot be shut (not Linux): the bound on how long a
    /// <see cref="CancelPendingRead"/> waits for a connection that sends nothing.</summary>
    public static readonly TimeSpan CancelCheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Less room than this behind the buffered bytes, and they move to the front before the next receive.</summary>
    private const int MinimumReadSize = 1024;

    private readonly Socket _socket;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private volatile bool _cancelPending;
    private bool _peerClosed;
    private bool _completed;

    /// <param name="capacity">At least the largest frame accepted (with its length prefix), so a frame always fits.</param>
    public BlockingSocketReader(Socket socket, int capacity)
    {
        _socket = socket;
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        if (!SocketCalls.Direct)
        {
            socket.ReceiveTimeout = (int)CancelCheckInterval.TotalMilliseconds;
        }
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => new(Read());

    /// <summary>Waits for bytes beyond those buffered, the peer's close, or <see cref="CancelPendingRead"/>.</summary>
    public ReadResult Read()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!_peerClosed)
        {
            if (_cancelPending)
            {
                _cancelPending = false;
                return new ReadResult(Buffered, isCanceled: true, isCompleted: false);
            }

            MakeRoom();
            var received = SocketCalls.Receive(_socket, _buffer.AsSpan(_end), out var error);
            if (error is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                // The fallback's receive timeout: look at CancelPendingRead again.
                continue;
            }

            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            if (received == 0)
            {
                if (_cancelPending)
                {
                    // Woken by CancelPendingRead's shutdown, not closed by the peer.
                    continue;
                }

                _peerClosed = true;
                break;
            }

            _end += received;
            LastReceived = received;
            return new ReadResult(Buffered, isCanceled: false, isCompleted: false);
        }

        return new ReadResult(Buffered, isCanceled: false, isCompleted: true);
    }

    /// <summary>How many bytes the last successful receive brought.</summary>
    public int LastReceived { get; private set; }

    public override bool TryRead(out ReadResult result)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        result = new ReadResult(Buffered, isCanceled: false, isCompleted: _peerClosed);
        return _end > _start || _peerClosed;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    /// <summary>Every buffered byte counts as examined: the next read waits for new data, as the SPOP loop wants
    /// after it has taken all complete frames.</summary>
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var offset = consumed.GetInteger();
        if (consumed.GetObject() != _buffer || offset < _start || offset > _end)
        {
            throw new ArgumentOutOfRangeException(nameof(consumed), "not a position of the last read's buffer");
        }

        _start = offset;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    public override void CancelPendingRead()
    {
        _cancelPending = true;
        SocketCalls.TryShutdownReceive(_socket);
    }

    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _start = _end = 0;
    }

    private ReadOnlySequence<byte> Buffered => new(_buffer, _start, _end - _start);

    /// <summary>Moves an incomplete frame to the buffer's front when little room is left behind it; grows the buffer
    /// only if that frame fills it.</summary>
    private void MakeRoom()
    {
        if (_buffer.Length - _end >= MinimumReadSize || (_start == 0 && _end < _buffer.Length))
        {
            return;
        }

        var length = _end - _start;
        if (_start == 0)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(2 * _buffer.Length);
            _buffer.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else
        {
            _buffer.AsSpan(_start, length).CopyTo(_buffer);
        }

        _start = 0;
        _end = length;
    }
}
