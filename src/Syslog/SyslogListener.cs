using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Syslog.Internal;

namespace SpoaOpenTracing.Syslog;

/// <summary>
/// Receives HAProxy's log stream on one <see cref="SyslogEndpoint"/> and hands every message to an
/// <see cref="ISyslogHandler"/>: one receive loop for a UDP or Unix datagram socket, one per TCP connection.
/// Bad frames are counted in <see cref="Metrics"/>, logged at most once a second per reason, and skipped.
/// </summary>
public sealed class SyslogListener : IAsyncDisposable
{
    private readonly SyslogEndpoint _endpoint;
    private readonly SyslogListenerOptions _options;
    private readonly ILogger _logger;
    private readonly MessageDispatcher _dispatcher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private Socket? _socket;
    private Task _loop = Task.CompletedTask;
    private string? _unixSocketPath;
    private long _nextConnectionId;
    private int _openConnections;
    private int _state; // 0 created, 1 started, 2 disposed

    public SyslogListener(SyslogEndpoint endpoint, ISyslogHandler handler, SyslogListenerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new SyslogListenerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessageBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        if (options.ReceiveBufferBytes is { } receiveBuffer)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(receiveBuffer, 1);
        }

        _endpoint = endpoint;
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SyslogLog.Category);
        _dispatcher = new MessageDispatcher(endpoint.Text, handler, Metrics, _logger);
    }

    public SyslogEndpoint Endpoint => _endpoint;

    /// <summary>The bound address (the port the system chose for port 0), or the <see cref="UnixDomainSocketEndPoint"/>.</summary>
    public EndPoint LocalEndPoint => _socket?.LocalEndPoint ?? throw new InvalidOperationException("the listener is not started");

    public SyslogInputMetrics Metrics { get; } = new();

    /// <summary>Binds and starts receiving.</summary>
    /// <exception cref="IOException">The address cannot be bound (in use, not available, a bad or live Unix socket path);
    /// the message names the input.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("the listener was already started");
        }

        try
        {
            _socket = Bind();
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot receive syslog on {_endpoint.Text}: {ex.Message}", ex);
        }

        SyslogLog.Listening(_logger, _endpoint.Text, _socket.LocalEndPoint);
        _loop = _endpoint.Transport == SyslogTransport.Tcp
            ? AcceptLoopAsync(_socket)
            : DatagramReceiver.RunAsync(_socket, _options.MaxMessageBytes, _dispatcher, _stopping.Token);
    }

    /// <summary>Stops receiving, closes the connections and removes the Unix socket file it created.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        _stopping.Cancel();
        _socket?.Dispose();
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        if (_unixSocketPath is not null)
        {
            File.Delete(_unixSocketPath);
        }

        _stopping.Dispose();
        if (_socket is not null)
        {
            SyslogLog.Stopped(_logger, _endpoint.Text);
        }
    }

    private Socket Bind()
    {
        var endPoint = _endpoint.EndPoint;
        Socket socket = _endpoint.Transport switch
        {
            SyslogTransport.Tcp => new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp),
            SyslogTransport.Udp => new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp),
            _ => new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified),
        };
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            if (_endpoint.Transport != SyslogTransport.Tcp && _options.ReceiveBufferBytes is { } receiveBuffer)
            {
                socket.ReceiveBufferSize = receiveBuffer;
            }

            if (endPoint is UnixDomainSocketEndPoint unix)
            {
                var path = unix.ToString();
                UnixSocketFile.RemoveStale(path, unix, SocketType.Dgram, "receives");
                socket.Bind(unix);
                _unixSocketPath = path;
            }
            else
            {
                socket.Bind(endPoint);
            }

            if (_endpoint.Transport == SyslogTransport.Tcp)
            {
                socket.Listen(_options.MaxConnections);
            }
            else if (_endpoint.Transport == SyslogTransport.Udp && KernelDropCounter.For(socket) is { } drops)
            {
                Metrics.AttachKernelDrops(drops);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Transient (the peer reset before accept completed, out of descriptors): keep accepting.
                SyslogLog.AcceptFailed(_logger, _endpoint.Text, ex);
                continue;
            }

            if (Interlocked.Increment(ref _openConnections) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _openConnections);
                Metrics.ConnectionRefused();
                SyslogLog.ConnectionRefused(_logger, socket.RemoteEndPoint, _endpoint.Text, _options.MaxConnections);
                socket.Dispose();
                continue;
            }

            Metrics.ConnectionAccepted();
            Run(Interlocked.Increment(ref _nextConnectionId), new StreamConnection(socket, _options.MaxMessageBytes, _dispatcher));
        }
    }

    private void Run(long id, StreamConnection connection)
    {
        var thread = new OwnThread("syslog tcp " + id, () =>
        {
            try
            {
                connection.Run(_stopping.Token);
            }
            finally
            {
                _connections.TryRemove(id, out _);
                Interlocked.Decrement(ref _openConnections);
            }
        });

        // Registered before it runs, so DisposeAsync sees every connection it has to wait for.
        _connections[id] = thread.Completion;
        thread.Start();
    }
}
