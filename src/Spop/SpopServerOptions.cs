using System.Net;

namespace SpoaOpenTracing.Spop;

/// <summary>How an <see cref="SpopServer"/> listens and what it negotiates with HAProxy.</summary>
public sealed class SpopServerOptions
{
    /// <summary>The largest frame size announced in AGENT-HELLO; HAProxy's value wins when smaller.</summary>
    public const int DefaultMaxFrameSize = 16384;

    /// <summary>The SPOP maximum: HAProxy rejects an AGENT-HELLO announcing less.</summary>
    public const int MinMaxFrameSize = 256;

    /// <summary>Where to listen: <see cref="IPEndPoint"/> (IPv4 or IPv6, port 0 picks a free one) or
    /// <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>.</summary>
    public IList<EndPoint> EndPoints { get; } = new List<EndPoint>();

    public int MaxFrameSize { get; set; } = DefaultMaxFrameSize;

    /// <summary>Announce pipelining when HAProxy offers it (the default, and what every HAProxy version supports).</summary>
    public bool Pipelining { get; set; } = true;

    /// <summary>Announce async when HAProxy offers it and sends an engine-id (HAProxy 2.x only; off by default).</summary>
    public bool Async { get; set; }

    /// <summary>Announce fragmentation so HAProxy 2.x may send fragmented NOTIFY frames (off by default).</summary>
    public bool Fragmentation { get; set; }

    public int Backlog { get; set; } = 10;

    /// <summary>An artificial delay before each NOTIFY is handled (the seed's <c>-t</c>, a testing aid).</summary>
    public TimeSpan ProcessingDelay { get; set; }

    /// <summary>How many delayed NOTIFY frames (<see cref="ProcessingDelay"/>) may wait at once across all connections
    /// (the seed's <c>-n</c>); a further one holds its connection's loop until a slot is free. Without a delay it
    /// limits nothing: each NOTIFY is handled and ACKed on its connection's loop as it is read.</summary>
    public int MaxConcurrentFrames { get; set; } = 10;

    /// <summary>A connection that has not completed its HELLO in this time is closed.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections beyond this are refused (accepted and closed at once). 0 = no limit.</summary>
    public int MaxConnections { get; set; } = 0;

    /// <summary>
    /// Run socket completions on the runtime's epoll thread instead of a thread-pool worker (off by default). An SPOP
    /// loop never blocks, so a frame gains nothing from the hop, and under light load the worker is often parked: the
    /// hop then shows up as ACK latency (bench/e2e: about half the agent's CPU per request, +26 % req/s with tracing,
    /// BENCHMARKS.md). Only for a process where no code blocks on a socket completion (sync over async would then
    /// hold the epoll thread).
    /// </summary>
    /// <remarks>
    /// The mode is process-wide and fixed by the runtime at the process's first asynchronous socket operation (an
    /// environment variable, <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, read once): <see cref="SpopServer.StartAsync"/>
    /// sets it before it binds, so it takes effect when the server is the first in the process to use a socket, and
    /// a value set in the environment wins.
    /// </remarks>
    public bool InlineSocketCompletions { get; set; }

    /// <summary>The default of <see cref="ConnectionThreads"/>: HAProxy opens about one SPOE connection per thread
    /// while the load is even, so this covers every thread of a large HAProxy.</summary>
    public const int DefaultConnectionThreads = 64;

    /// <summary>
    /// How many connections at once get a thread of their own that reads and writes with blocking system calls
    /// (0 = none). HAProxy keeps a few long-lived SPOE connections, each carrying one pipelined exchange after another:
    /// on its own thread a read is one receive and the ACKs of that read one send, where the asynchronous loop adds a
    /// failed receive, an epoll wait and the pipe's machinery (bench/e2e: 13 % less agent CPU per request,
    /// BENCHMARKS.md). Connections beyond the limit, and every connection when <see cref="ProcessingDelay"/> is set
    /// (its timers would move the loop off its thread), run asynchronously.
    /// </summary>
    public int ConnectionThreads { get; set; } = DefaultConnectionThreads;

    /// <summary>File mode of a Unix socket created by the server.</summary>
    public UnixFileMode UnixSocketMode { get; set; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
}
