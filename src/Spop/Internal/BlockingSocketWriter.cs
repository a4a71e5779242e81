using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// A <see cref="PipeWriter"/> into one pooled buffer whose <see cref="FlushAsync"/> is a blocking send of all of it on
/// the calling thread, completed when it returns: <see cref="BlockingSocketReader"/>'s counterpart, so the ACKs of one
/// read leave in one system call.
/// </summary>
internal sealed class BlockingSocketWriter : PipeWriter
{
    private readonly Socket _socket;
    private byte[] _buffer;
    private int _written;
    private bool _completed;

    public BlockingSocketWriter(Socket socket, int capacity)
    {
        _socket = socket;
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public override void Advance(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, _buffer.Length - _written);
        _written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        SendBuffered();
        return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
    }

    /// <summary>Nothing to cancel: a flush returns only once its bytes are sent.</summary>
    public override void CancelPendingFlush()
    {
    }

    /// <summary>Sends what is left unless completed with an error, as <see cref="PipeWriter.Create(Stream, StreamPipeWriterOptions?)"/>'s
    /// writer does; the buffer goes back to the pool either way.</summary>
    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        try
        {
            if (exception is null)
            {
                SendBuffered();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _written = 0;
        }
    }

    private void SendBuffered()
    {
        var sent = 0;
        try
        {
            while (sent < _written)
            {
                var count = SocketCalls.Send(_socket, _buffer.AsSpan(sent, _written - sent), out var error);
                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                sent += count;
            }
        }
        finally
        {
            // What a failed send left has no reader: the connection ends with the exception.
            _written = 0;
        }
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 2 * _buffer.Length));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
