using System.Buffers;
using System.Net.Sockets;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// The receive loop of a UDP or Unix datagram socket, on a thread of its own with blocking receives: one datagram is
/// one frame, one system call, no epoll round trip or task machinery per datagram (they cost the asynchronous loop
/// more CPU than parsing the line did; BENCHMARKS.md, log mode). One pooled buffer for the loop's life, one byte
/// larger than the limit so that an oversized datagram shows by its length; no allocation per datagram.
/// </summary>
internal static class DatagramReceiver
{
    /// <summary>How long a blocking receive waits before it looks at the stop token again: the bound on how long a
    /// stop waits for the loop.</summary>
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(200);

    public static Task RunAsync(Socket socket, int maxMessageBytes, MessageDispatcher dispatcher, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(socket, maxMessageBytes, dispatcher, ct);
            }
            finally
            {
                done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = "syslog " + dispatcher.Input,
        };
        thread.Start();
        return done.Task;
    }

    private static void Run(Socket socket, int maxMessageBytes, MessageDispatcher dispatcher, CancellationToken ct)
    {
        socket.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
        var buffer = ArrayPool<byte>.Shared.Rent(maxMessageBytes + 1);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = socket.Receive(buffer.AsSpan(0, maxMessageBytes + 1), SocketFlags.None);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
                {
                    continue;
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
