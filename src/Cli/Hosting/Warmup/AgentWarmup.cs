using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpoaOpenTracing.Cli.Messages;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Cli.Hosting.Warmup;

/// <summary>
/// Before the real listener opens: a throwaway server and engine on a loopback port get the seed's requests from a
/// client playing HAProxy, so the socket, codec, dispatch and span code are JIT-compiled before HAProxy's first
/// NOTIFY, which otherwise spent most of the seed's 100 ms <c>timeout processing</c> compiling (issue 13). The engine
/// exports nothing and has its own counters; it is disposed before the real engine exists, so its spans and counters
/// never reach the real pipeline or <c>/metrics</c>.
/// </summary>
internal static class AgentWarmup
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(5);

    /// <summary>HAProxy's first request is usually a 2xx; the 5xx one adds the error message of examples/spoe.cfg.</summary>
    private static readonly int[] Statuses = [200, 503];

    public static async Task RunAsync(TracingOptions tracing, SpopServerOptions real, ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            tracing.Exporter = ExporterKind.None;
            using var engine = new TracingEngine(tracing, null, new DiscardingListener());
            await using var server = new SpopServer(new ProgramMessageHandler(engine, NullLoggerFactory.Instance), LoopbackCopy(real));
            await server.StartAsync().ConfigureAwait(false);
            await Task.Run(() => Drive(server.BoundEndPoints[0])).ConfigureAwait(false);
            HostLog.WarmedUp(logger, Statuses.Length, clock.ElapsedMilliseconds);
        }
        catch (TracingConfigurationException)
        {
            // The real engine fails the same way next and reports it.
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // Only the first requests would be slower; the agent itself is not affected.
            HostLog.WarmupFailed(logger, e.Message);
        }
    }

    private static void Drive(EndPoint endPoint)
    {
        using var client = WarmupClient.Connect(endPoint, IoTimeout);
        foreach (var status in Statuses)
        {
            foreach (var notify in WarmupRequest.Build($"00000000:0000_00000000:0000_00000000_0000:{status}", status))
            {
                client.Notify(notify);
            }
        }
    }

    /// <summary>The real listener's protocol settings on 127.0.0.1 and a port the system picks, without the <c>-t</c> delay.</summary>
    private static SpopServerOptions LoopbackCopy(SpopServerOptions real)
    {
        var options = new SpopServerOptions
        {
            MaxFrameSize = real.MaxFrameSize,
            Pipelining = real.Pipelining,
            Async = real.Async,
            Fragmentation = real.Fragmentation,
            MaxConcurrentFrames = real.MaxConcurrentFrames,
            HandshakeTimeout = IoTimeout,
            // The warm-up server is the process's first socket user: it fixes the completion mode for the real one.
            InlineSocketCompletions = real.InlineSocketCompletions,
            ConnectionThreads = real.ConnectionThreads,
        };
        options.EndPoints.Add(new IPEndPoint(IPAddress.Loopback, 0));
        return options;
    }

    /// <summary>Makes the engine record spans (records filled and ended, as with an exporter), then drops them.</summary>
    private sealed class DiscardingListener : ISpanListener
    {
        public void OnEnd(SpanRecord span)
        {
        }
    }
}
