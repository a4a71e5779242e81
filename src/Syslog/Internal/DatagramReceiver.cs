using System.Buffers;
using System.Net.Sockets;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// The receive loop of a UDP or Unix datagram socket: one datagram is one frame. One pooled buffer for the loop's
/// life, one byte larger than the limit so that an oversized datagram shows by its length; no allocation per datagram.
/// </summary>
internal static class DatagramReceiver
{
    public static async Task RunAsync(Socket socket, int maxMessageBytes, MessageDispatcher dispatcher, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxMessageBytes + 1);
        var memory = buffer.AsMemory(0, maxMessageBytes + 1);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await socket.ReceiveAsync(memory, SocketFlags.None, ct).ConfigureAwait(false);
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize)
                {
                    // A datagram larger than the buffer, where the system reports it instead of cutting it.
                    dispatcher.Skipped(SyslogFrameError.Oversized);
                    continue;
                }
                catch (SocketException ex)
                {
                    // E.g. an ICMP error reported on the socket: the next datagram is unaffected.
                    SyslogLog.ReceiveFailed(dispatcher.Logger, dispatcher.Input, ex);
                    continue;
                }

                dispatcher.Metrics.Received(received);
                if (received > maxMessageBytes)
                {
                    dispatcher.Skipped(SyslogFrameError.Oversized);
                    continue;
                }

                dispatcher.Dispatch(buffer.AsSpan(0, received));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
