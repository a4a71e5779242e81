using System.Buffers;
using System.Net.Sockets;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// The receive loop of a UDP or Unix datagram socket, on a thread of its own with no task machinery: it waits for the
/// socket to become readable, drains every queued datagram with non-blocking receives (one datagram is one frame, one
/// system call), then pauses (<see cref="ReadPacing"/>). One pooled buffer for the loop's life, one byte larger than
/// the limit so that an oversized datagram shows by its length; no allocation per datagram.
/// </summary>
internal static class DatagramReceiver
{
    /// <summary>How long a wait for the first datagram lasts before it looks at the stop token again: the bound on how
    /// long a stop waits for the loop.</summary>
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A drain this long means the loop is behind (a burst, or the process was not scheduled for a while): it
    /// drains again at once, so that the receive buffer empties before it overflows.</summary>
    private const int BehindDrain = 64;

    public static Task RunAsync(Socket socket, int maxMessageBytes, MessageDispatcher dispatcher, CancellationToken ct)
    {
        var thread = new OwnThread("syslog " + dispatcher.Input, () => Run(socket, maxMessageBytes, dispatcher, ct));
        thread.Start();
        return thread.Completion;
    }

    private static void Run(Socket socket, int maxMessageBytes, MessageDispatcher dispatcher, CancellationToken ct)
    {
        socket.Blocking = false;
        var waitMicroseconds = (int)(StopCheckInterval.Ticks / TimeSpan.TicksPerMicrosecond);
        var buffer = ArrayPool<byte>.Shared.Rent(maxMessageBytes + 1);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                bool readable;
                try
                {
                    readable = socket.Poll(waitMicroseconds, SelectMode.SelectRead);
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    return;
                }

                var drained = readable ? Drain(socket, buffer.AsSpan(0, maxMessageBytes + 1), dispatcher, ct) : 0;
                if (drained is > 0 and < BehindDrain)
                {
                    Thread.Sleep(ReadPacing.BatchInterval);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Receives until the socket has nothing queued; how many datagrams were received.</summary>
    private static int Drain(Socket socket, Span<byte> buffer, MessageDispatcher dispatcher, CancellationToken ct)
    {
        var maxMessageBytes = buffer.Length - 1;
        var count = 0;
        while (true)
        {
            int received;
            SocketError error;
            try
            {
                received = socket.Receive(buffer, SocketFlags.None, out error);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return count;
            }

            switch (error)
            {
                case SocketError.Success:
                    break;
                case SocketError.WouldBlock:
                    return count;
                case SocketError.MessageSize:
                    // A datagram larger than the buffer, where the system reports it instead of cutting it.
                    dispatcher.Skipped(SyslogFrameError.Oversized);
                    count++;
                    continue;
                case SocketError.Interrupted:
                    continue;
                default:
                    if (ct.IsCancellationRequested)
                    {
                        return count;
                    }

                    // E.g. an ICMP error reported on the socket: the next datagram is unaffected.
                    SyslogLog.ReceiveFailed(dispatcher.Logger, dispatcher.Input, new SocketException((int)error));
                    return count;
            }

            count++;
            dispatcher.Metrics.Received(received);
            if (received > maxMessageBytes)
            {
                dispatcher.Skipped(SyslogFrameError.Oversized);
                continue;
            }

            dispatcher.Dispatch(buffer[..received]);
        }
    }
}
