using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// One HAProxy connection: a single read loop over a <see cref="PipeReader"/> (Kestrel's shape: read, drain every
/// complete frame, flush once, advance) and a <see cref="PipeWriter"/> shared under <see cref="_writeLock"/> by
/// the loop and the deferred frames, so frames are never interleaved. Any <see cref="SpopException"/> ends this
/// connection only, with an AGENT-DISCONNECT carrying its status.
/// </summary>
/// <remarks>
/// Decoding works on spans. A frame payload is almost always inside one receive segment (the reader's segments
/// are larger than the largest frame accepted); when one straddles two segments it is copied into
/// <see cref="_scratch"/>, a pooled per-connection buffer, and <see cref="SpopServerMetrics.PayloadCopies"/>
/// counts it.
/// </remarks>
internal sealed partial class SpopConnection
{
    /// <summary>HAProxy never has more than 20 NOTIFYs outstanding on a connection (max-waiting-frames, fixed in 3.x).</summary>
    public const int MaxInFlightFrames = 20;

    private readonly long _id;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IMessageHandler _handler;
    private readonly SpopServerOptions _options;
    private readonly SpopServerMetrics _metrics;
    private readonly SemaphoreSlim _globalSlots;
    private readonly LogLimiter _handlerErrorLog;
    private readonly ILogger _logger;
    private readonly EndPoint? _peer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _slots = new(MaxInFlightFrames, MaxInFlightFrames);
    private readonly CancellationTokenSource _abort = new();
    private byte[]? _scratch;
    private volatile bool _stopping;
    private volatile bool _closed;
    private volatile bool _aborted;

    public SpopConnection(long id, Socket socket, IMessageHandler handler, SpopServerOptions options,
        SpopServerMetrics metrics, SemaphoreSlim globalSlots, LogLimiter handlerErrorLog, ILogger logger)
    {
        _handlerErrorLog = handlerErrorLog;
        _id = id;
        _socket = socket;
        _handler = handler;
        _options = options;
        _metrics = metrics;
        _globalSlots = globalSlots;
        _logger = logger;
        _peer = socket.RemoteEndPoint;
        _frameLimit = Math.Max(Handshake.PreHelloFrameLimit, (uint)options.MaxFrameSize);
        _stream = new NetworkStream(socket, ownsSocket: true);

        // Segments larger than any accepted frame: a frame then straddles two segments only at a segment's end.
        var segmentSize = (int)_frameLimit + FrameReader.LengthPrefixSize;
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: segmentSize, minimumReadSize: 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 2 * segmentSize, leaveOpen: true));
    }

    public async Task RunAsync()
    {
        SpopLog.ConnectionOpened(_logger, _id, _peer);
        var reason = "closed by the peer";
        SpopStatus? farewell = null;
        var drain = false;
        using var handshakeTimer = StartHandshakeTimer();
        try
        {
            var exit = await ReadLoopAsync().ConfigureAwait(false);
            (reason, farewell, drain) = exit switch
            {
                LoopExit.Stopping => ("server stopping", SpopStatus.Normal, true),
                LoopExit.PeerDisconnect => ("HAPROXY-DISCONNECT", SpopStatus.Normal, false),
                LoopExit.HealthCheckDone => ("health check answered", (SpopStatus?)null, false),
                LoopExit.HandshakeTimeout => ("handshake timeout", SpopStatus.Timeout, false),
                _ => (reason, null, true),
            };
        }
        catch (SpopException ex)
        {
            _metrics.ProtocolError(ex.Status);
            SpopLog.ProtocolError(_logger, _id, _peer, ex.Status, (uint)ex.Status, ex.Message);
            (reason, farewell) = ("protocol error", ex.Status);
        }
        catch (Exception ex) when (IsConnectionLost(ex))
        {
            SpopLog.ConnectionReset(_logger, _id, _peer, ex);
            reason = "connection lost";
        }
        catch (Exception ex)
        {
            SpopLog.UnexpectedError(_logger, _id, _peer, ex);
            (reason, farewell) = ("unexpected error", SpopStatus.Unknown);
        }

        await FinishAsync(farewell, drain).ConfigureAwait(false);
        SpopLog.ConnectionClosed(_logger, _id, _peer, reason);
    }

    /// <summary>Graceful stop: the loop ends after the frames already read, in-flight frames send their ACKs, then
    /// AGENT-DISCONNECT 0.</summary>
    public void RequestStop()
    {
        _stopping = true;
        _input.CancelPendingRead();
    }

    /// <summary>Hard stop: pending delays and reads end now, unsent ACKs are dropped.</summary>
    public void Abort()
    {
        _aborted = true;
        _abort.Cancel();
        _socket.Dispose();
    }

    private async Task<LoopExit> ReadLoopAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var locked = false;
            var wrote = false;
            try
            {
                if (result.IsCanceled)
                {
                    if (_stopping)
                    {
                        return LoopExit.Stopping;
                    }

                    if (_handshakeTimedOut && !_handshakeDone)
                    {
                        SpopLog.HandshakeTimeout(_logger, _id, _peer, _options.HandshakeTimeout);
                        return LoopExit.HandshakeTimeout;
                    }

                    // A late handshake timer: the data read so far is processed as usual.
                }

                while (FrameReader.TryReadFrame(ref buffer, _frameLimit, out var header, out var payload))
                {
                    _metrics.FrameReceived();
                    if (!locked)
                    {
                        await _writeLock.WaitAsync().ConfigureAwait(false);
                        locked = true;
                    }

                    var outcome = HandleFrame(in header, in payload, ref wrote);
                    if (outcome == FrameOutcome.Deferred)
                    {
                        var frame = TakeDeferred();
                        var connectionSlot = _slots.Wait(0);
                        if (!connectionSlot || !_globalSlots.Wait(0))
                        {
                            // Back-pressure: let what is written leave and the deferred frames write, then wait.
                            if (wrote)
                            {
                                await _output.FlushAsync().ConfigureAwait(false);
                                wrote = false;
                            }

                            _writeLock.Release();
                            locked = false;
                            await AcquireSlotsAsync(frame, connectionSlot).ConfigureAwait(false);
                        }

                        _ = RunDeferredAsync(frame);
                    }
                    else if (outcome != FrameOutcome.Continue)
                    {
                        if (wrote)
                        {
                            await _output.FlushAsync().ConfigureAwait(false);
                        }

                        return outcome == FrameOutcome.HealthCheckDone ? LoopExit.HealthCheckDone : LoopExit.PeerDisconnect;
                    }
                }

                if (wrote)
                {
                    // The ACKs of one read leave together.
                    await _output.FlushAsync().ConfigureAwait(false);
                }

                if (result.IsCompleted)
                {
                    // EOF; an incomplete frame left in the buffer dies with the connection.
                    return LoopExit.PeerClosed;
                }
            }
            finally
            {
                if (locked)
                {
                    _writeLock.Release();
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async Task FinishAsync(SpopStatus? farewell, bool drain)
    {
        if (!drain)
        {
            // Nothing waits for ACKs that HAProxy will not read: stop the delays now.
            _closed = true;
            _abort.Cancel();
        }

        // Taking every slot waits until each in-flight deferred frame has written its ACK (or given up).
        // The slots stay taken: the connection is over.
        try
        {
            for (var taken = 0; taken < MaxInFlightFrames; taken++)
            {
                await _slots.WaitAsync(_abort.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Aborted (or not draining): the remaining frames drop their ACKs on their own.
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _closed = true;
            if (farewell is { } status && !_aborted)
            {
                FrameWriter.WriteAgentDisconnect(_output, status);
                await _output.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsConnectionLost(ex))
        {
            SpopLog.ConnectionReset(_logger, _id, _peer, ex);
        }
        finally
        {
            _writeLock.Release();
        }

        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            // Completing the writer flushes whatever a failed flush left behind.
            await _output.CompleteAsync().ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (IsConnectionLost(ex))
        {
            // Already reset by the peer: what was unsent has no reader.
            await _output.CompleteAsync(ex).ConfigureAwait(false);
        }

        _stream.Dispose();
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }

        ReturnReassemblyBuffer();
    }

    /// <summary>EOF, ECONNRESET, EPIPE, ECONNABORTED and a socket we closed ourselves: a normal end (HAProxy 3.x closes
    /// with a bare RST).</summary>
    private bool IsConnectionLost(Exception ex) => ex switch
    {
        IOException or SocketException or ObjectDisposedException => true,
        OperationCanceledException => _abort.IsCancellationRequested,
        _ => false,
    };

    private ReadOnlySpan<byte> GetPayloadSpan(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        _metrics.PayloadCopied();
        var length = (int)payload.Length;
        if (_scratch is null || _scratch.Length < length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(length);
        }

        payload.CopyTo(_scratch);
        return _scratch.AsSpan(0, length);
    }

    private enum LoopExit
    {
        PeerClosed,
        Stopping,
        PeerDisconnect,
        HealthCheckDone,
        HandshakeTimeout,
    }
}
