using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// An SPOE agent server: listens on TCP (IPv4, IPv6) and Unix sockets, runs one <see cref="SpopConnection"/> per
/// HAProxy connection and hands every NOTIFY message to the <see cref="IMessageHandler"/>.
/// </summary>
public sealed class SpopServer : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> lets in-flight frames finish when <see cref="StopAsync"/> was not called.</summary>
    public static readonly TimeSpan DisposeStopTimeout = TimeSpan.FromSeconds(5);

    private readonly IMessageHandler _handler;
    private readonly SpopServerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _globalSlots;
    private readonly LogLimiter _handlerErrorLog = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly List<EndPoint> _boundEndPoints = [];
    private readonly List<string> _unixSocketPaths = [];
    private readonly ConcurrentDictionary<long, (SpopConnection Connection, Task Task)> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _nextConnectionId;
    private int _connectionThreads;
    private int _state; // 0 created, 1 started, 2 stopped

    public SpopServer(IMessageHandler handler, SpopServerOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFrameSize, SpopServerOptions.MinMaxFrameSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Backlog, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxConnections);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ProcessingDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ConnectionThreads);
        _handler = handler;
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SpopLog.Category);
        _globalSlots = new SemaphoreSlim(options.MaxConcurrentFrames, options.MaxConcurrentFrames);
    }

    public SpopServerMetrics Metrics { get; } = new();

    /// <summary>The addresses really bound, with the ports the system picked where port 0 was asked for.</summary>
    public IReadOnlyList<EndPoint> BoundEndPoints => _boundEndPoints;

    /// <summary>Binds every endpoint of the options and starts accepting. A failure to bind any of them undoes the others.</summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("the server was already started");
        }

        if (_options.EndPoints.Count == 0)
        {
            throw new InvalidOperationException("no endpoint to listen on");
        }

        if (_options.InlineSocketCompletions)
        {
            // Before the first socket: the runtime reads the mode once per process.
            Internal.InlineSocketCompletions.Enable();
        }

        try
        {
            foreach (var endPoint in _options.EndPoints)
            {
                ct.ThrowIfCancellationRequested();
                var listener = Bind(endPoint);
                _listeners.Add(listener);
                _boundEndPoints.Add(listener.LocalEndPoint!);
                SpopLog.Listening(_logger, listener.LocalEndPoint);
            }
        }
        catch
        {
            CloseListeners();
            throw;
        }

        foreach (var listener in _listeners)
        {
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Graceful stop: no new connection is accepted; every connection finishes the frames it has read, sends their
    /// ACKs, then AGENT-DISCONNECT 0 and closes. When <paramref name="ct"/> fires first, the remaining connections
    /// are closed at once.
    /// </summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        _stopping.Cancel();
        CloseListeners();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        foreach (var entry in _connections.Values)
        {
            entry.Connection.RequestStop();
        }

        var all = Task.WhenAll(_connections.Values.Select(e => e.Task));
        try
        {
            await all.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            foreach (var entry in _connections.Values)
            {
                entry.Connection.Abort();
            }

            await all.ConfigureAwait(false);
        }

        foreach (var path in _unixSocketPaths)
        {
            File.Delete(path);
        }

        SpopLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _state) == 1)
        {
            using var timeout = new CancellationTokenSource(DisposeStopTimeout);
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }
        else
        {
            Interlocked.Exchange(ref _state, 2);
            CloseListeners();
        }

        _stopping.Dispose();
        Metrics.Dispose();
    }

    private Socket Bind(EndPoint endPoint)
    {
        Socket socket;
        if (endPoint is UnixDomainSocketEndPoint unix)
        {
            var path = unix.ToString();
            UnixSocketFile.RemoveStale(path, unix, SocketType.Stream, "listens");
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Bind(unix);
                _unixSocketPaths.Add(path);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, _options.UnixSocketMode);
                }
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        else
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = false;
                }

                socket.Bind(endPoint);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        socket.Listen(_options.Backlog);
        return socket;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        var endPoint = listener.LocalEndPoint;
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
                // Transient (e.g. the peer reset before accept completed, or out of descriptors): keep listening.
                SpopLog.AcceptFailed(_logger, endPoint, ex);
                continue;
            }

            if (_options.MaxConnections > 0 && Metrics.ConnectionsOpen >= _options.MaxConnections)
            {
                Metrics.ConnectionRefused();
                SpopLog.ConnectionRefused(_logger, socket.RemoteEndPoint, _options.MaxConnections);
                socket.Dispose();
                continue;
            }

            if (socket.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                socket.NoDelay = true;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            var ownThread = TryTakeConnectionThread();
            var connection = new SpopConnection(id, socket, _handler, _options, Metrics, _globalSlots, _handlerErrorLog, _logger, blockingIo: ownThread);
            Start(id, connection, ownThread);
        }
    }

    private bool TryTakeConnectionThread()
    {
        if (_options.ProcessingDelay > TimeSpan.Zero)
        {
            return false;
        }

        if (Interlocked.Increment(ref _connectionThreads) <= _options.ConnectionThreads)
        {
            return true;
        }

        Interlocked.Decrement(ref _connectionThreads);
        return false;
    }

    private void Start(long id, SpopConnection connection, bool ownThread)
    {
        // Registered before it runs, so StopAsync sees every connection it has to wait for.
        // Counted here, not when the connection starts running, so MaxConnections holds during accept bursts.
        Metrics.ConnectionOpened();
        if (ownThread)
        {
            var thread = new OwnThread("spop connection " + id, RunOnThisThread);
            _connections[id] = (connection, thread.Completion);
            thread.Start();
        }
        else
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[id] = (connection, RunAsync(gate.Task));
            gate.SetResult();
        }

        if (_stopping.IsCancellationRequested)
        {
            connection.RequestStop();
        }

        async Task RunAsync(Task started)
        {
            await started.ConfigureAwait(false);
            try
            {
                await connection.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                Finished();
            }
        }

        void RunOnThisThread()
        {
            try
            {
                // Its blocking reads and writes complete every await at once, so RunAsync stays on this thread to the end.
                connection.RunAsync().GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                // RunAsync contains the connection's own errors; what escapes it must not end the process.
                SpopLog.UnexpectedError(_logger, id, null, ex);
            }
            finally
            {
                Interlocked.Decrement(ref _connectionThreads);
                Finished();
            }
        }

        void Finished()
        {
            _connections.TryRemove(id, out _);
            Metrics.ConnectionClosed();
        }
    }

    private void CloseListeners()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }
}
