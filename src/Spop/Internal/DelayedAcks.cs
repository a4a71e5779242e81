using System.Buffers;
using System.IO.Pipelines;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// The <c>-t</c> processing delay of one connection: each NOTIFY is copied out of the receive buffer and handled on a
/// task of its own once the delay has passed. Those tasks write their ACKs into the connection's
/// <see cref="PipeWriter"/> while the read loop goes on, so every write to it, the loop's included, happens under
/// <see cref="_writeLock"/> while <see cref="InFlight"/> is true. Without <c>-t</c> the connection has no instance.
/// </summary>
/// <remarks>
/// Two limits: <see cref="SpopServerOptions.MaxConcurrentFrames"/> delayed frames across the server (the seed's
/// <c>-n</c>, a semaphore the server shares), and <see cref="MaxInFlightFrames"/> per connection.
/// </remarks>
internal sealed class DelayedAcks
{
    /// <summary>HAProxy never has more than 20 NOTIFYs outstanding on a connection (max-waiting-frames, fixed in 3.x).</summary>
    public const int MaxInFlightFrames = 20;

    private readonly SpopConnection _connection;
    private readonly PipeWriter _output;
    private readonly TimeSpan _delay;
    private readonly SemaphoreSlim _globalSlots;
    private readonly SpopServerMetrics _metrics;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _slots = new(MaxInFlightFrames, MaxInFlightFrames);
    private readonly CancellationTokenSource _abort = new();
    private int _inFlight;
    private volatile bool _closed;
    private DelayedFrame _waiting;
    private bool _hasConnectionSlot;

    public DelayedAcks(SpopConnection connection, PipeWriter output, TimeSpan delay, SemaphoreSlim globalSlots, SpopServerMetrics metrics)
    {
        _connection = connection;
        _output = output;
        _delay = delay;
        _globalSlots = globalSlots;
        _metrics = metrics;
    }

    /// <summary>True while a delayed frame may still write: the loop then writes under <see cref="LockAsync"/> too.</summary>
    public bool InFlight => Volatile.Read(ref _inFlight) > 0;

    public bool IsAborted => _abort.IsCancellationRequested;

    public Task LockAsync() => _writeLock.WaitAsync();

    public void Unlock() => _writeLock.Release();

    /// <summary>Copies a validated NOTIFY payload and starts its delay. False when no slot is free: the frame is held
    /// and the loop, after flushing and unlocking, calls <see cref="StartWaitingAsync"/>.</summary>
    public bool TryStart(ulong streamId, ulong frameId, ReadOnlySpan<byte> payload)
    {
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        payload.CopyTo(copy);
        var frame = new DelayedFrame(streamId, frameId, copy, payload.Length);
        Interlocked.Increment(ref _inFlight);
        _hasConnectionSlot = _slots.Wait(0);
        if (!_hasConnectionSlot || !_globalSlots.Wait(0))
        {
            _waiting = frame;
            return false;
        }

        _ = RunAsync(frame);
        return true;
    }

    /// <summary>Waits for the slots of the frame <see cref="TryStart"/> held back, then starts it.</summary>
    public async Task StartWaitingAsync()
    {
        var frame = _waiting;
        _waiting = default;
        try
        {
            if (!_hasConnectionSlot)
            {
                await _slots.WaitAsync(_abort.Token).ConfigureAwait(false);
                _hasConnectionSlot = true;
            }

            await _globalSlots.WaitAsync(_abort.Token).ConfigureAwait(false);
        }
        catch
        {
            if (_hasConnectionSlot)
            {
                _slots.Release();
            }

            ArrayPool<byte>.Shared.Return(frame.Buffer);
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        _ = RunAsync(frame);
    }

    /// <summary>Hard stop: pending delays end now, their ACKs are dropped.</summary>
    public void Abort() => _abort.Cancel();

    /// <summary>After the loop: waits for every delayed ACK (<paramref name="drain"/>) or drops them, and closes the
    /// writer to them, so the connection can write its AGENT-DISCONNECT alone.</summary>
    public async Task CloseAsync(bool drain)
    {
        if (!drain)
        {
            // Nothing waits for ACKs that HAProxy will not read: stop the delays now.
            _closed = true;
            _abort.Cancel();
        }

        // Taking every slot waits until each in-flight frame has written its ACK (or given up).
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
        _closed = true;
        _writeLock.Release();
    }

    private async Task RunAsync(DelayedFrame frame)
    {
        try
        {
            await Task.Delay(_delay, _abort.Token).ConfigureAwait(false);
            await _writeLock.WaitAsync(_abort.Token).ConfigureAwait(false);
            try
            {
                if (_closed)
                {
                    _metrics.AckDropped();
                    return;
                }

                _connection.WriteDelayedAck(in frame);
                await _output.FlushAsync(_abort.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception ex) when (SpopConnection.IsConnectionLost(ex, IsAborted))
        {
            // The peer is gone or the server aborts: the ACK has no reader any more.
            _metrics.AckDropped();
        }
        catch (Exception ex)
        {
            _connection.FailFromDelayedAck(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame.Buffer);
            Interlocked.Decrement(ref _inFlight);
            _globalSlots.Release();
            _slots.Release();
        }
    }
}
