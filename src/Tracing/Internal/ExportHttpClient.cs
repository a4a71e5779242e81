using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// The <see cref="HttpClient"/> of the HTTP/1.1 exporters (Zipkin, and OTLP http/protobuf without custom
/// certificates: the factory), whose connections are blocking sockets. Those
/// exporters call the synchronous <c>HttpClient.Send</c> on the export thread. With the default handler the socket is
/// non-blocking, and .NET then completes every send and receive that would block through the process's epoll
/// thread, which is also the thread that reads NOTIFY frames and writes ACKs (socket completions run inline, see
/// <c>InlineSocketCompletions</c>). During bench/e2e configuration C that thread made about 1,250 futex calls a
/// second to hand socket events to the export thread (BENCHMARKS.md). A blocking socket keeps the export's I/O on the
/// export thread.
/// </summary>
internal static class ExportHttpClient
{
    private const int IpProtocolTcp = 6;
    private const int TcpSynCount = 7; // TCP_SYNCNT in linux/tcp.h

    public static HttpClient Create(TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (context, _) => ValueTask.FromResult<Stream>(new NetworkStream(Connect(context.DnsEndPoint, timeout), ownsSocket: true)),
        };
        return new HttpClient(handler) { Timeout = timeout };
    }

    /// <summary>A connected blocking socket. Blocking calls do not see the request's cancellation, so the kernel
    /// bounds them: send and receive time out after <paramref name="timeout"/>, and on Linux the connect gives up
    /// after the SYN retries that fit in it (a collector that drops packets would otherwise hold the export thread
    /// for the kernel's two minutes).</summary>
    internal static Socket Connect(DnsEndPoint endPoint, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
            socket.SendTimeout = milliseconds;
            socket.ReceiveTimeout = milliseconds;
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(IpProtocolTcp, TcpSynCount, BitConverter.GetBytes(SynRetries(timeout)));
            }

            socket.Connect(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>SYN retries whose backoff (1 s, then doubling) ends within <paramref name="timeout"/>: n retries give
    /// up after 2^(n+1) - 1 seconds. At least one, at most the kernel's default of six.</summary>
    internal static int SynRetries(TimeSpan timeout)
    {
        var retries = 1;
        while (retries < 6 && (1L << (retries + 2)) - 1 <= timeout.TotalSeconds)
        {
            retries++;
        }

        return retries;
    }
}
