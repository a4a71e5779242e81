using System.Net;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>Every log line of the SPOP server, source-generated, with fixed event ids in Spop's range 100-199
/// (Tracing has 200-299 and the program 300-399 reserved, so an id names one line across the process): 100-119
/// connection, 120-139 protocol, 140-159 handler, 160-179 listener.</summary>
internal static partial class SpopLog
{
    public const string Category = "SpoaOpenTracing.Spop";

    [LoggerMessage(100, LogLevel.Debug, "Connection {ConnectionId} opened from {Peer}")]
    public static partial void ConnectionOpened(ILogger logger, long connectionId, EndPoint? peer);

    [LoggerMessage(101, LogLevel.Debug, "Connection {ConnectionId} from {Peer} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, long connectionId, EndPoint? peer, string reason);

    [LoggerMessage(102, LogLevel.Debug, "Connection {ConnectionId} from {Peer} negotiated max-frame-size {MaxFrameSize}, capabilities \"{Capabilities}\"")]
    public static partial void Handshake(ILogger logger, long connectionId, EndPoint? peer, uint maxFrameSize, string capabilities);

    [LoggerMessage(103, LogLevel.Debug, "Health check from {Peer} answered")]
    public static partial void HealthCheck(ILogger logger, EndPoint? peer);

    [LoggerMessage(104, LogLevel.Debug, "Connection {ConnectionId} from {Peer} reset by the peer")]
    public static partial void ConnectionReset(ILogger logger, long connectionId, EndPoint? peer, Exception exception);

    [LoggerMessage(105, LogLevel.Warning, "Connection from {Peer} refused: {Limit} connections open")]
    public static partial void ConnectionRefused(ILogger logger, EndPoint? peer, int limit);

    [LoggerMessage(106, LogLevel.Debug, "Connection {ConnectionId} from {Peer}: no complete HAPROXY-HELLO within {Timeout}")]
    public static partial void HandshakeTimeout(ILogger logger, long connectionId, EndPoint? peer, TimeSpan timeout);

    [LoggerMessage(120, LogLevel.Warning, "Protocol error on connection {ConnectionId} from {Peer}: status {Status} ({StatusCode}), {Reason}")]
    public static partial void ProtocolError(ILogger logger, long connectionId, EndPoint? peer, SpopStatus status, uint statusCode, string reason);

    [LoggerMessage(121, LogLevel.Debug, "HAPROXY-DISCONNECT on connection {ConnectionId} from {Peer}: status {StatusCode}, \"{Message}\"")]
    public static partial void HaproxyDisconnect(ILogger logger, long connectionId, EndPoint? peer, ulong statusCode, string message);

    [LoggerMessage(122, LogLevel.Trace, "Connection {ConnectionId}: skipped frame of unknown type {Type}")]
    public static partial void UnknownFrameSkipped(ILogger logger, long connectionId, byte type);

    [LoggerMessage(123, LogLevel.Error, "Unexpected error on connection {ConnectionId} from {Peer}; closing it")]
    public static partial void UnexpectedError(ILogger logger, long connectionId, EndPoint? peer, Exception exception);

    [LoggerMessage(140, LogLevel.Warning, "Handler failed on message \"{Message}\" from {Peer}; the frame's other messages still run ({Suppressed} more failures in the last second not logged)")]
    public static partial void HandlerError(ILogger logger, string message, EndPoint? peer, int suppressed, Exception exception);

    [LoggerMessage(141, LogLevel.Debug, "{Count} action(s) did not fit the ACK of connection {ConnectionId} (max-frame-size {MaxFrameSize})")]
    public static partial void ActionsDropped(ILogger logger, int count, long connectionId, uint maxFrameSize);

    [LoggerMessage(160, LogLevel.Information, "Listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint? endPoint);

    [LoggerMessage(161, LogLevel.Error, "Accept failed on {EndPoint}")]
    public static partial void AcceptFailed(ILogger logger, EndPoint? endPoint, Exception exception);

    [LoggerMessage(162, LogLevel.Information, "Server stopped")]
    public static partial void Stopped(ILogger logger);
}
