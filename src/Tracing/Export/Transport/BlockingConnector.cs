using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>
/// Connects the HTTP/1.1 transport's connections as blocking sockets. The transport calls the synchronous
/// <c>HttpClient.Send</c> on the export thread. With the default handler the socket is non-blocking, and .NET then
/// completes every send and receive that would block through the process's epoll thread, which is also the thread
/// that reads NOTIFY frames and writes ACKs (socket completions run inline, see <c>InlineSocketCompletions</c>).
/// During bench/e2e configuration C that thread made about 1,250 futex calls a second to hand socket events to the
/// export thread (BENCHMARKS.md). A blocking socket keeps the export's I/O on the export thread. TLS is set up here
/// too, synchronously over the blocking stream: the handler's own TLS would run the handshake asynchronously, and
/// one asynchronous operation is enough for .NET to switch the socket to non-blocking for good.
/// </summary>
internal sealed class BlockingConnector
{
    private const int IpProtocolTcp = 6;
    private const int TcpSynCount = 7; // TCP_SYNCNT in linux/tcp.h

    private readonly TransportSecurity? _tls;
    private TimeSpan _timeout;
    private Socket? _current;

    public BlockingConnector(TimeSpan timeout, TransportSecurity? tls)
    {
        _timeout = timeout;
        _tls = tls;
    }

    /// <summary>The socket of the pooled connection, for tests that look at its descriptor.</summary>
    internal Socket? Current => _current;

    /// <summary>A handler whose one connection is ours. Requests sent through it must use the http scheme even for
    /// TLS (<see cref="HttpExportTransport"/> does), or the handler would wrap our TLS stream in its own.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = (context, _) => ValueTask.FromResult(Open(context.DnsEndPoint)),
        MaxConnectionsPerServer = 1,
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    /// <summary>Bounds the next blocking calls, on the open connection and on the next one, to <paramref name="timeout"/>:
    /// blocking calls do not see a cancellation, so the kernel's socket timeouts keep each attempt within the export
    /// deadline.</summary>
    public void Bound(TimeSpan timeout)
    {
        _timeout = timeout;
        if (_current is { } socket)
        {
            try
            {
                SetTimeouts(socket, timeout);
            }
            catch (ObjectDisposedException)
            {
                // The pool dropped that connection; the next one gets the timeout at connect.
            }
        }
    }

    private Stream Open(DnsEndPoint endPoint)
    {
        var socket = Connect(endPoint, _timeout);
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (_tls is null)
        {
            _current = socket;
            return stream;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            ssl.AuthenticateAsClient(_tls.ClientOptions(endPoint.Host));
        }
        catch
        {
            ssl.Dispose();
            throw;
        }

        _current = socket;
        return ssl;
    }

    /// <summary>A connected blocking socket whose sends and receives time out after <paramref name="timeout"/>; on
    /// Linux the connect gives up after the SYN retries that fit in it (a collector that drops packets would otherwise
    /// hold the export thread for the kernel's two minutes).</summary>
    internal static Socket Connect(DnsEndPoint endPoint, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            SetTimeouts(socket, timeout);
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

    private static void SetTimeouts(Socket socket, TimeSpan timeout)
    {
        var milliseconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
        socket.SendTimeout = milliseconds;
        socket.ReceiveTimeout = milliseconds;
    }
}
