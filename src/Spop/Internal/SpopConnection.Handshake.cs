using System.Text;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>The HELLO exchange, its timeout, and HAPROXY-DISCONNECT.</summary>
internal sealed partial class SpopConnection
{
    private volatile bool _handshakeDone;
    private volatile bool _handshakeTimedOut;
    private uint _frameLimit;
    private HelloResult _hello;

    private CancellationTokenSource? StartHandshakeTimer()
    {
        if (_options.HandshakeTimeout <= TimeSpan.Zero || _options.HandshakeTimeout == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        var timer = new CancellationTokenSource(_options.HandshakeTimeout);
        timer.Token.UnsafeRegister(static state =>
        {
            var connection = (SpopConnection)state!;
            if (!connection._handshakeDone)
            {
                connection._handshakeTimedOut = true;
                connection._input.CancelPendingRead();
            }
        }, this);
        return timer;
    }

    private LoopOutcome HandleHello(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var hello = Handshake.Negotiate(in header, payload, _options);
        Span<byte> capabilities = stackalloc byte[HelloResult.MaxCapabilitiesLength];
        var capabilitiesLength = hello.WriteCapabilities(capabilities);
        FrameWriter.WriteAgentHello(_output, hello.MaxFrameSize, capabilities[..capabilitiesLength]);
        _hello = hello;

        // Incoming frames may be up to our own limit even when the negotiated one is smaller: HAProxy 3.1.0 can
        // exceed the negotiated value, and being lenient up to what we can buffer costs nothing.
        _frameLimit = Math.Max(hello.MaxFrameSize, (uint)_options.MaxFrameSize);
        _handshakeDone = true;
        if (hello.HealthCheck)
        {
            _metrics.HealthCheck();
            SpopLog.HealthCheck(_logger, _peer);
            return LoopOutcome.HealthCheckDone;
        }

        if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            SpopLog.Handshake(_logger, _id, _peer, hello.MaxFrameSize, Encoding.ASCII.GetString(capabilities[..capabilitiesLength]));
        }

        return LoopOutcome.Continue;
    }

    private void LogHaproxyDisconnect(ReadOnlySpan<byte> payload)
    {
        if (!_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            return;
        }

        ulong status = 0;
        var message = string.Empty;
        var reader = new KvListReader(payload);
        while (reader.TryRead(out var key, out var value))
        {
            if (key.SequenceEqual("status-code"u8) && value.IsInteger)
            {
                status = value.UInt64;
            }
            else if (key.SequenceEqual("message"u8) && value.Type == SpopDataType.String)
            {
                message = LogText.Bounded(value.Bytes);
            }
        }

        SpopLog.HaproxyDisconnect(_logger, _id, _peer, status, message);
    }
}
