using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// One TCP peer (a ring's server line), on a thread of its own: blocking reads into one buffer
/// (<see cref="BlockingSocketReader"/>), every complete frame of each read drained (<see cref="StreamFrameDecoder"/>)
/// into the dispatcher, then a pause (<see cref="ReadPacing"/>) unless the read filled half the buffer. Bytes that
/// break the framing close this connection only; a close in the middle of a frame counts it
/// <see cref="SyslogFrameError.Truncated"/>.
/// </summary>
internal sealed class StreamConnection
{
    private readonly Socket _socket;
    private readonly MessageDispatcher _dispatcher;
    private readonly EndPoint? _peer;
    private readonly int _maxMessageBytes;
    private StreamFrameDecoder _decoder;

    public StreamConnection(Socket socket, int maxMessageBytes, MessageDispatcher dispatcher)
    {
        _socket = socket;
        _dispatcher = dispatcher;
        _peer = socket.RemoteEndPoint;
        _maxMessageBytes = maxMessageBytes;
        _decoder = new StreamFrameDecoder(maxMessageBytes);
    }

    /// <summary>Room for the largest frame with its octet count and more: the reader's buffer never has to grow.</summary>
    private int BufferSize => 2 * (_maxMessageBytes + 16);

    public void Run(CancellationToken ct)
    {
        SyslogLog.ConnectionOpened(_dispatcher.Logger, _peer, _dispatcher.Input);
        var input = new BlockingSocketReader(_socket, BufferSize);
        using var stop = ct.UnsafeRegister(static reader => ((BlockingSocketReader)reader!).CancelPendingRead(), input);
        try
        {
            ReadLoop(input);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The listener is stopping.
        }
        catch (SocketException ex)
        {
            SyslogLog.ConnectionReset(_dispatcher.Logger, _peer, _dispatcher.Input, ex);
        }
        catch (Exception ex)
        {
            SyslogLog.UnexpectedError(_dispatcher.Logger, _peer, _dispatcher.Input, ex);
        }
        finally
        {
            input.Complete();
            _socket.Dispose();
            SyslogLog.ConnectionClosed(_dispatcher.Logger, _peer, _dispatcher.Input);
        }
    }

    private void ReadLoop(BlockingSocketReader input)
    {
        while (true)
        {
            var result = input.Read();
            if (result.IsCanceled)
            {
                return;
            }

            var buffer = result.Buffer;
            var before = buffer.Length;
            try
            {
                var badFraming = !DrainFrames(ref buffer);
                _dispatcher.Metrics.Received((int)(before - buffer.Length));
                if (badFraming)
                {
                    CloseForBadFraming(buffer);
                    return;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        _dispatcher.Metrics.Received((int)buffer.Length);
                        _dispatcher.Skipped(SyslogFrameError.Truncated);
                    }

                    return;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (input.LastReceived < BufferSize / 2)
            {
                Thread.Sleep(ReadPacing.BatchInterval);
            }
        }
    }

    /// <summary>Hands every complete frame of the buffer on; false when the bytes break the framing.</summary>
    private bool DrainFrames(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            switch (_decoder.TryRead(ref buffer, out var frame))
            {
                case StreamFrameResult.NeedMore:
                    return true;
                case StreamFrameResult.Oversized:
                    _dispatcher.Skipped(SyslogFrameError.Oversized);
                    break;
                case StreamFrameResult.BadFraming:
                    return false;
                default:
                    Dispatch(frame);
                    break;
            }
        }
    }

    /// <summary>The reader's buffer is one array, so a frame is one span.</summary>
    private void Dispatch(in ReadOnlySequence<byte> frame) => _dispatcher.Dispatch(frame.FirstSpan);

    private void CloseForBadFraming(in ReadOnlySequence<byte> rest)
    {
        _dispatcher.Metrics.BadFrame(SyslogFrameError.BadFraming);
        _dispatcher.Metrics.ConnectionClosedForBadFraming();
        if (_dispatcher.TryLog(SyslogFrameError.BadFraming, out var suppressed))
        {
            var sample = rest.Slice(0, Math.Min(rest.Length, 64)).ToArray();
            SyslogLog.BadFraming(_dispatcher.Logger, _peer, _dispatcher.Input, Spop.LogText.Bounded(sample), suppressed);
        }
    }
}
