using System.Buffers;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>NOTIFY frames: validation, handler calls, ACKs, reassembly of fragments.</summary>
internal sealed partial class SpopConnection
{
    /// <summary>Upper bound of a reassembled fragmented NOTIFY (HAProxy 2.x only, when we announced fragmentation).</summary>
    public const int MaxReassembledSize = 1024 * 1024;

    /// <summary>Message starts remembered per frame, so the handlers get the messages without a second walk (HAProxy
    /// sends one to a few messages per NOTIFY; a longer frame is walked again).</summary>
    private const int IndexedMessages = 16;

    private byte[]? _reassembly;
    private int _reassemblyLength;
    private bool _reassembling;
    private ulong _reassemblyStreamId;
    private ulong _reassemblyFrameId;

    private LoopOutcome HandleNotify(in FrameHeader header, in ReadOnlySequence<byte> payload, ref bool wrote)
    {
        if (_reassembling)
        {
            ThrowHelper.Throw(SpopStatus.InvalidInterlacedFrames, "NOTIFY while a fragmented NOTIFY is being reassembled");
        }

        if (!header.IsFin)
        {
            if (!_hello.Fragmentation)
            {
                ThrowHelper.Throw(SpopStatus.FragmentationNotSupported, "NOTIFY without FIN");
            }

            _reassembling = true;
            _reassemblyStreamId = header.StreamId;
            _reassemblyFrameId = header.FrameId;
            _reassemblyLength = 0;
            AppendFragment(payload);
            return LoopOutcome.Continue;
        }

        return Dispatch(header.StreamId, header.FrameId, GetPayloadSpan(payload), ref wrote);
    }

    /// <summary>Type 0 (UNSET): the continuation of a fragmented NOTIFY, same ids; FIN ends it, FIN|ABORT drops it.</summary>
    private LoopOutcome HandleFragment(in FrameHeader header, in ReadOnlySequence<byte> payload, ref bool wrote)
    {
        if (!_hello.Fragmentation)
        {
            ThrowHelper.Throw(SpopStatus.FragmentationNotSupported, "fragment received without negotiated fragmentation");
        }

        if (!_reassembling)
        {
            if (header.IsAbort)
            {
                // An abort for a frame already completed or never started: nothing to drop.
                return LoopOutcome.Continue;
            }

            ThrowHelper.ThrowInvalid("fragment without a preceding NOTIFY");
        }

        if (header.StreamId != _reassemblyStreamId || header.FrameId != _reassemblyFrameId)
        {
            ThrowHelper.Throw(SpopStatus.InvalidInterlacedFrames, "fragment ids differ from the NOTIFY being reassembled");
        }

        if (header.IsAbort)
        {
            _reassembling = false;
            return LoopOutcome.Continue;
        }

        AppendFragment(payload);
        if (!header.IsFin)
        {
            return LoopOutcome.Continue;
        }

        _reassembling = false;
        return Dispatch(_reassemblyStreamId, _reassemblyFrameId, _reassembly.AsSpan(0, _reassemblyLength), ref wrote);
    }

    /// <summary>Validates a whole NOTIFY payload (malformed: status 4, no handler runs) then ACKs it now or, with
    /// <c>-t</c>, hands it to <see cref="DelayedAcks"/>.</summary>
    private LoopOutcome Dispatch(ulong streamId, ulong frameId, ReadOnlySpan<byte> payload, ref bool wrote)
    {
        Span<int> starts = stackalloc int[IndexedMessages];
        var count = MessageListReader.Index(payload, starts);
        _metrics.NotifyFrame();
        if (_delayed is not null)
        {
            return _delayed.TryStart(streamId, frameId, payload) ? LoopOutcome.Continue : LoopOutcome.WaitForSlot;
        }

        WriteAck(streamId, frameId, payload, starts, count);
        wrote = true;
        return LoopOutcome.Continue;
    }

    /// <summary>Called by <see cref="DelayedAcks"/> under its write lock once the delay has passed. The frame was
    /// validated when it arrived; its copy is indexed again here.</summary>
    public void WriteDelayedAck(in DelayedFrame frame)
    {
        var payload = frame.Buffer.AsSpan(0, frame.Length);
        Span<int> starts = stackalloc int[IndexedMessages];
        var count = MessageListReader.Index(payload, starts);
        WriteAck(frame.StreamId, frame.FrameId, payload, starts, count);
    }

    /// <summary>An unexpected error while writing a delayed ACK ends the connection.</summary>
    public void FailFromDelayedAck(Exception ex)
    {
        SpopLog.UnexpectedError(_logger, _id, _peer, ex);
        Abort();
    }

    /// <summary>Runs the handler on each message of a validated payload and writes the ACK (same ids, FIN). An
    /// exception from the handler is contained to its message.</summary>
    private void WriteAck(ulong streamId, ulong frameId, ReadOnlySpan<byte> payload, ReadOnlySpan<int> starts, int count)
    {
        var timing = _metrics.AckTimingStart();
        var actions = FrameWriter.BeginAck(_output, streamId, frameId, (int)_hello.MaxFrameSize, out var frame, out var headerEnd);
        if (count <= starts.Length)
        {
            for (var i = 0; i < count; i++)
            {
                var end = i + 1 < count ? starts[i + 1] : payload.Length;
                Handle(MessageListReader.MessageAt(payload, starts[i], end), ref actions);
            }
        }
        else
        {
            var reader = new MessageListReader(payload);
            while (reader.TryReadMessage(out var message))
            {
                Handle(message, ref actions);
            }
        }

        if (actions.DroppedCount > 0)
        {
            _metrics.ActionDropped(actions.DroppedCount);
            SpopLog.ActionsDropped(_logger, actions.DroppedCount, _id, _hello.MaxFrameSize);
        }

        FrameWriter.EndAck(_output, frame, headerEnd, in actions);
        _metrics.AckSent(timing);
    }

    private void Handle(in SpopMessage message, ref ActionWriter actions)
    {
        _metrics.MessageHandled();
        try
        {
            _handler.HandleMessage(in message, ref actions);
        }
        catch (Exception ex)
        {
            _metrics.HandlerError();
            if (_handlerErrorLog.TryEnter(out var suppressed))
            {
                SpopLog.HandlerError(_logger, LogText.Bounded(message.Name), _peer, suppressed, ex);
            }
        }
    }

    private void AppendFragment(in ReadOnlySequence<byte> payload)
    {
        var needed = _reassemblyLength + payload.Length;
        if (needed > MaxReassembledSize)
        {
            ThrowHelper.Throw(SpopStatus.FrameTooBig, $"reassembled NOTIFY exceeds {MaxReassembledSize} bytes");
        }

        if (_reassembly is null || _reassembly.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Max(needed, 2 * (_reassembly?.Length ?? 0)));
            _reassembly?.AsSpan(0, _reassemblyLength).CopyTo(bigger);
            ReturnReassemblyBuffer();
            _reassembly = bigger;
        }

        payload.CopyTo(_reassembly.AsSpan(_reassemblyLength));
        _reassemblyLength = (int)needed;
    }

    private void ReturnReassemblyBuffer()
    {
        if (_reassembly is not null)
        {
            ArrayPool<byte>.Shared.Return(_reassembly);
            _reassembly = null;
        }
    }
}
