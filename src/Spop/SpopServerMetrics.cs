using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// Counters of an <see cref="SpopServer"/>. Updated with <see cref="Interlocked"/> from every connection and read
/// without locks; <see cref="Snapshot"/> copies them all. The ACK duration is a histogram of the
/// <see cref="MeterName"/> meter, recorded only while a listener (e.g. the agent's metrics exporter) collects it.
/// </summary>
public sealed partial class SpopServerMetrics : IDisposable
{
    /// <summary>The <see cref="Meter"/> name of the instruments a server publishes itself.</summary>
    public const string MeterName = "SpoaOpenTracing.Spop";

    /// <summary>The histogram of the time from a NOTIFY's validation to its encoded ACK (handlers included,
    /// the processing delay not), in seconds.</summary>
    public const string AckDurationInstrument = "spop.ack.duration";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _ackDuration;

    // Statuses >= 100 (ours) are folded into 99, as HAProxy prints them.
    private readonly long[] _protocolErrors = new long[(int)SpopStatus.Unknown + 1];
    private long _connectionsOpen;
    private long _connectionsTotal;
    private long _connectionsRefused;
    private long _healthChecks;
    private long _framesReceived;
    private long _notifyFrames;
    private long _messagesHandled;
    private long _handlerErrors;
    private long _acksSent;
    private long _acksDropped;
    private long _actionsDropped;
    private long _payloadCopies;

    public SpopServerMetrics()
    {
        _ackDuration = _meter.CreateHistogram(AckDurationInstrument, "s",
            "Time from a NOTIFY's validation to its encoded ACK (handlers included, the processing delay not)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 1] });
        CreateCounterInstruments();
    }

    public long ConnectionsOpen => Volatile.Read(ref _connectionsOpen);

    public long ConnectionsTotal => Volatile.Read(ref _connectionsTotal);

    /// <summary>Connections accepted and closed at once because <see cref="SpopServerOptions.MaxConnections"/> was reached.</summary>
    public long ConnectionsRefused => Volatile.Read(ref _connectionsRefused);

    public long HealthChecks => Volatile.Read(ref _healthChecks);

    public long FramesReceived => Volatile.Read(ref _framesReceived);

    public long NotifyFrames => Volatile.Read(ref _notifyFrames);

    public long MessagesHandled => Volatile.Read(ref _messagesHandled);

    /// <summary>Messages whose handler threw; the frame's ACK was still sent.</summary>
    public long HandlerErrors => Volatile.Read(ref _handlerErrors);

    public long AcksSent => Volatile.Read(ref _acksSent);

    /// <summary>ACKs that could not be sent because the peer had closed the connection.</summary>
    public long AcksDropped => Volatile.Read(ref _acksDropped);

    /// <summary>Actions that did not fit the negotiated max-frame-size and were left out of their ACK.</summary>
    public long ActionsDropped => Volatile.Read(ref _actionsDropped);

    /// <summary>Frame payloads that straddled two receive segments and had to be copied to be decoded.</summary>
    public long PayloadCopies => Volatile.Read(ref _payloadCopies);

    /// <summary>Connections closed by us with this status because of a protocol error.</summary>
    public long ProtocolErrorCount(SpopStatus status) => Volatile.Read(ref _protocolErrors[Index(status)]);

    /// <summary>Ends the ACK-duration histogram (the server does it when disposed).</summary>
    public void Dispose() => _meter.Dispose();

    public SpopMetricsSnapshot Snapshot()
    {
        long errors = 0;
        foreach (ref var count in _protocolErrors.AsSpan())
        {
            errors += Volatile.Read(ref count);
        }

        return new SpopMetricsSnapshot(ConnectionsOpen, ConnectionsTotal, ConnectionsRefused, HealthChecks,
            FramesReceived, NotifyFrames, MessagesHandled, HandlerErrors, AcksSent, AcksDropped, ActionsDropped,
            PayloadCopies, errors);
    }

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsOpen);
        Interlocked.Increment(ref _connectionsTotal);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connectionsOpen);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void HealthCheck() => Interlocked.Increment(ref _healthChecks);

    internal void FrameReceived() => Interlocked.Increment(ref _framesReceived);

    internal void NotifyFrame() => Interlocked.Increment(ref _notifyFrames);

    internal void MessageHandled() => Interlocked.Increment(ref _messagesHandled);

    internal void HandlerError() => Interlocked.Increment(ref _handlerErrors);

    /// <summary>Where an ACK's timing starts: a timestamp while the histogram is collected, else 0 (no clock read).</summary>
    internal long AckTimingStart() => _ackDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    internal void AckSent(long timingStart)
    {
        Interlocked.Increment(ref _acksSent);
        if (timingStart != 0)
        {
            _ackDuration.Record(Stopwatch.GetElapsedTime(timingStart).TotalSeconds);
        }
    }

    internal void AckDropped() => Interlocked.Increment(ref _acksDropped);

    internal void ActionDropped(int count) => Interlocked.Add(ref _actionsDropped, count);

    internal void PayloadCopied() => Interlocked.Increment(ref _payloadCopies);

    internal void ProtocolError(SpopStatus status) => Interlocked.Increment(ref _protocolErrors[Index(status)]);

    private static int Index(SpopStatus status) => (uint)status < (uint)SpopStatus.Unknown ? (int)status : (int)SpopStatus.Unknown;
}
