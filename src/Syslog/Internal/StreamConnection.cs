using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// One TCP peer (a ring's server line): a read loop over a <see cref="PipeReader"/> that drains every complete frame
/// of each read (<see cref="StreamFrameDecoder"/>) into the dispatcher. Bytes that break the framing close this
/// connection only; a close in the middle of a frame counts it <see cref="SyslogFrameError.Truncated"/>.
/// </summary>
internal sealed class StreamConnection
{
    private readonly Socket _socket;
    private readonly MessageDispatcher _dispatcher;
    private readonly EndPoint? _peer;
    private readonly int _maxMessageBytes;
    private StreamFrameDecoder _decoder;
    private byte[]? _scratch;

    public StreamConnection(Socket socket, int maxMessageBytes, MessageDispatcher dispatcher)
    {
        _socket = socket;
        _dispatcher = dispatcher;
        _peer = socket.RemoteEndPoint;
        _maxMessageBytes = maxMessageBytes;
        _decoder = new StreamFrameDecoder(maxMessageBytes);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        SyslogLog.ConnectionOpened(_dispatcher.Logger, _peer, _dispatcher.Input);
        await using var stream = new NetworkStream(_socket, ownsSocket: true);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(minimumReadSize: 4096, leaveOpen: true));
        try
        {
            await ReadLoopAsync(input, ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The listener is stopping.
        }
        catch (IOException ex) when (ex.InnerException is SocketException)
        {
            SyslogLog.ConnectionReset(_dispatcher.Logger, _peer, _dispatcher.Input, ex);
        }
        catch (Exception ex)
        {
            SyslogLog.UnexpectedError(_dispatcher.Logger, _peer, _dispatcher.Input, ex);
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            SyslogLog.ConnectionClosed(_dispatcher.Logger, _peer, _dispatcher.Input);
        }
    }

    private async Task ReadLoopAsync(PipeReader input, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
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

    private void Dispatch(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            _dispatcher.Dispatch(frame.FirstSpan);
            return;
        }

        // A frame across two pipe segments: one copy into this connection's scratch buffer (at most the limit).
        _scratch ??= ArrayPool<byte>.Shared.Rent(_maxMessageBytes);
        frame.CopyTo(_scratch);
        _dispatcher.Dispatch(_scratch.AsSpan(0, (int)frame.Length));
    }

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
