using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// One HAProxy connection: a single read loop over a <see cref="PipeReader"/> (Kestrel's shape: read, drain every
/// complete frame, flush once, advance) writing into a <see cref="PipeWriter"/>: pipes over the socket's stream, or, on a
/// connection thread of its own, <see cref="BlockingSocketReader"/> and <see cref="BlockingSocketWriter"/>, whose every
/// await completes at once. Any <see cref="SpopException"/> ends
/// this connection only, with an AGENT-DISCONNECT carrying its status. With the <c>-t</c> processing delay, NOTIFYs
/// are ACKed later by <see cref="DelayedAcks"/>, and the loop shares the writer with it under its lock.
/// </summary>
/// <remarks>
/// Decoding works on spans. A frame payload is almost always inside one receive segment (the reader's segments
/// are larger than the largest frame accepted); when one straddles two segments it is copied into
/// <see cref="_scratch"/>, a pooled per-connection buffer, and <see cref="SpopServerMetrics.PayloadCopies"/>
/// counts it.
/// </remarks>
internal sealed partial class SpopConnection
{
    private readonly long _id;
    private readonly Socket _socket;
    private readonly NetworkStream? _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IMessageHandler _handler;
    private readonly SpopServerOptions _options;
    private readonly SpopServerMetrics _metrics;
    private readonly LogLimiter _handlerErrorLog;
    private readonly ILogger _logger;
    private readonly EndPoint? _peer;
    private readonly DelayedAcks? _delayed;
    private byte[]? _scratch;
    private volatile bool _stopping;
    private volatile bool _aborted;

    public SpopConnection(long id, Socket socket, IMessageHandler handler, SpopServerOptions options,
        SpopServerMetrics metrics, SemaphoreSlim globalSlots, LogLimiter handlerErrorLog, ILogger logger, bool blockingIo)
    {
        _handlerErrorLog = handlerErrorLog;
        _id = id;
        _socket = socket;
        _handler = handler;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _peer = socket.RemoteEndPoint;
        _frameLimit = Math.Max(Handshake.PreHelloFrameLimit, (uint)options.MaxFrameSize);

        // Segments larger than any accepted frame: a frame then straddles two segments only at a segment's end.
        var segmentSize = (int)_frameLimit + FrameReader.LengthPrefixSize;
        if (blockingIo)
        {
            // The delayed ACKs' timers and lock would take the loop off its thread: the server never asks for both.
            Debug.Assert(options.ProcessingDelay == TimeSpan.Zero, "blocking I/O without the -t delay only");
            _input = new BlockingSocketReader(socket, 2 * segmentSize);
            _output = new BlockingSocketWriter(socket, 2 * segmentSize);
            return;
        }

        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: segmentSize, minimumReadSize: 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 2 * segmentSize, leaveOpen: true));
        if (options.ProcessingDelay > TimeSpan.Zero)
        {
            _delayed = new DelayedAcks(this, _output, options.ProcessingDelay, globalSlots, metrics);
        }
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
                LoopOutcome.Stopping => ("server stopping", SpopStatus.Normal, true),
                LoopOutcome.PeerDisconnect => ("HAPROXY-DISCONNECT", SpopStatus.Normal, false),
                LoopOutcome.HealthCheckDone => ("health check answered", (SpopStatus?)null, false),
                LoopOutcome.HandshakeTimeout => ("handshake timeout", SpopStatus.Timeout, false),
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
        _delayed?.Abort();
        _socket.Dispose();
    }

    /// <summary>EOF, ECONNRESET, EPIPE, ECONNABORTED and a socket we closed ourselves: a normal end (HAProxy 3.x closes
    /// with a bare RST). A cancellation is one when the connection is being aborted.</summary>
    public static bool IsConnectionLost(Exception ex, bool aborting) => ex switch
    {
        IOException or SocketException or ObjectDisposedException => true,
        OperationCanceledException => aborting,
        _ => false,
    };

    private async Task<LoopOutcome> ReadLoopAsync()
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
                        return LoopOutcome.Stopping;
                    }

                    if (_handshakeTimedOut && !_handshakeDone)
                    {
                        SpopLog.HandshakeTimeout(_logger, _id, _peer, _options.HandshakeTimeout);
                        return LoopOutcome.HandshakeTimeout;
                    }

                    // A late handshake timer: the data read so far is processed as usual.
                }

                while (FrameReader.TryReadFrame(ref buffer, _frameLimit, out var header, out var payload))
                {
                    _metrics.FrameReceived();
                    locked = locked || await LockIfDelayedAsync().ConfigureAwait(false);
                    var outcome = HandleFrame(in header, in payload, ref wrote);
                    if (outcome == LoopOutcome.Continue)
                    {
                        continue;
                    }

                    if (wrote)
                    {
                        locked = locked || await LockIfDelayedAsync().ConfigureAwait(false);
                        await _output.FlushAsync().ConfigureAwait(false);
                        wrote = false;
                    }

                    if (outcome != LoopOutcome.WaitForSlot)
                    {
                        return outcome;
                    }

                    // Back-pressure (-n): what is written has left; let the delayed ACKs write while we wait.
                    if (locked)
                    {
                        _delayed!.Unlock();
                        locked = false;
                    }

                    await _delayed!.StartWaitingAsync().ConfigureAwait(false);
                }

                if (wrote)
                {
                    // The ACKs of one read leave together.
                    locked = locked || await LockIfDelayedAsync().ConfigureAwait(false);
                    await _output.FlushAsync().ConfigureAwait(false);
                }

                if (result.IsCompleted)
                {
                    // EOF; an incomplete frame left in the buffer dies with the connection.
                    return LoopOutcome.PeerClosed;
                }
            }
            finally
            {
                if (locked)
                {
                    _delayed!.Unlock();
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>Takes the write lock only while delayed ACKs may write: without <c>-t</c> the loop never locks.</summary>
    private ValueTask<bool> LockIfDelayedAsync()
    {
        if (_delayed is not { InFlight: true } delayed)
        {
            return new ValueTask<bool>(false);
        }

        return LockAsync(delayed);

        static async ValueTask<bool> LockAsync(DelayedAcks delayed)
        {
            await delayed.LockAsync().ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>The frame-type switch; before the handshake only HAPROXY-HELLO is valid.</summary>
    private LoopOutcome HandleFrame(in FrameHeader header, in ReadOnlySequence<byte> payload, ref bool wrote)
    {
        if (!_handshakeDone)
        {
            if (header.Type != FrameType.HaproxyHello)
            {
                ThrowHelper.ThrowInvalid($"frame type {(byte)header.Type} before HAPROXY-HELLO");
            }

            wrote = true;
            return HandleHello(in header, GetPayloadSpan(payload));
        }

        switch (header.Type)
        {
            case FrameType.Notify:
                return HandleNotify(in header, in payload, ref wrote);
            case FrameType.Unset:
                return HandleFragment(in header, in payload, ref wrote);
            case FrameType.HaproxyDisconnect:
                LogHaproxyDisconnect(GetPayloadSpan(payload));
                return LoopOutcome.PeerDisconnect;
            case FrameType.HaproxyHello:
            case FrameType.AgentHello:
            case FrameType.AgentDisconnect:
            case FrameType.Ack:
                ThrowHelper.ThrowInvalid($"unexpected frame type {(byte)header.Type} after the handshake");
                return LoopOutcome.Continue;
            default:
                // Unknown types are skipped by length, as HAProxy does with ours.
                SpopLog.UnknownFrameSkipped(_logger, _id, (byte)header.Type);
                return LoopOutcome.Continue;
        }
    }

    private async Task FinishAsync(SpopStatus? farewell, bool drain)
    {
        if (_delayed is not null)
        {
            await _delayed.CloseAsync(drain).ConfigureAwait(false);
        }

        try
        {
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

        _stream?.Dispose();
        _socket.Dispose();

        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }

        ReturnReassemblyBuffer();
    }

    private bool IsConnectionLost(Exception ex) => IsConnectionLost(ex, _delayed is { IsAborted: true });

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
}
