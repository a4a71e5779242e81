using SpoaOpenTracing.Syslog.Internal;

namespace SpoaOpenTracing.Syslog;

/// <summary>
/// Counters of one <see cref="SyslogListener"/>: updated with <see cref="Interlocked"/> from its receive loops and read
/// without locks. Totals only grow.
/// </summary>
public sealed class SyslogInputMetrics
{
    private readonly long[] _badFrames = new long[(int)SyslogFrameError.Truncated + 1];
    private long _messages;
    private long _bytes;
    private long _connections;
    private long _connectionsRefused;
    private long _connectionsClosedForBadFraming;
    private long _handlerErrors;
    private KernelDropCounter? _drops;

    /// <summary>Messages handed to the handler (well-formed frames).</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Bytes received: datagrams, or the TCP stream with its framing.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>TCP connections accepted in total.</summary>
    public long Connections => Volatile.Read(ref _connections);

    /// <summary>TCP connections closed at once because <see cref="SyslogListenerOptions.MaxConnections"/> were open.</summary>
    public long ConnectionsRefused => Volatile.Read(ref _connectionsRefused);

    /// <summary>TCP connections closed by us because their bytes were no syslog framing.</summary>
    public long ConnectionsClosedForBadFraming => Volatile.Read(ref _connectionsClosedForBadFraming);

    /// <summary>Messages whose handler threw.</summary>
    public long HandlerErrors => Volatile.Read(ref _handlerErrors);

    /// <summary>
    /// Datagrams the kernel dropped on this UDP socket because its receive buffer was full (the <c>drops</c> column
    /// of <c>/proc/net/udp</c>, read when asked); 0 for TCP, Unix sockets and systems other than Linux.
    /// </summary>
    public long ReceiveBufferDrops => _drops?.Read() ?? 0;

    public long BadFrames(SyslogFrameError reason) => Volatile.Read(ref _badFrames[(int)reason]);

    internal void AttachKernelDrops(KernelDropCounter drops) => _drops = drops;

    internal void Received(int bytes) => Interlocked.Add(ref _bytes, bytes);

    internal void Message() => Interlocked.Increment(ref _messages);

    internal void BadFrame(SyslogFrameError reason) => Interlocked.Increment(ref _badFrames[(int)reason]);

    internal void ConnectionAccepted() => Interlocked.Increment(ref _connections);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void ConnectionClosedForBadFraming() => Interlocked.Increment(ref _connectionsClosedForBadFraming);

    internal void HandlerError() => Interlocked.Increment(ref _handlerErrors);
}
