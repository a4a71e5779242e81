using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Tracing;
using Xunit;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Clients that misbehave at the connection level: silent sockets, HELLO then silence, a connection flood.</summary>
[Trait("Category", "Faults")]
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class ConnectionFaultTests
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Safety net for waits, not a performance bound.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThousandIdleSockets_SilentOnesClosedAfterHandshakeTimeout_RealTrafficGoesOn()
    {
        await using var agent = await FaultAgent.StartAsync(new TracingOptions { Exporter = ExporterKind.None },
            o => o.HandshakeTimeout = HandshakeTimeout);
        await using var good = await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint);
        var silent = new List<RawSpopClient>();
        var helloOnly = new List<RawSpopClient>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                silent.Add(await RawSpopClient.ConnectAsync(agent.EndPoint));
                helloOnly.Add(await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint));
                if (i % 50 == 0)
                {
                    // Real traffic while the idle sockets pile up.
                    await good.NotifyAsync(w => TraceMessages.OneSpanTrace(w, $"during-{i}", "idle"));
                }
            }

            // Each silent socket gets DISCONNECT 2 ("a timeout occurred") and is closed by the agent.
            foreach (var client in silent)
            {
                var frame = await client.ReadFrameAsync();
                Assert.NotNull(frame);
                Assert.Equal(FrameType.AgentDisconnect, frame.Header.Type);
                Assert.Equal((uint)SpopStatus.Timeout, frame.DisconnectStatus());
                Assert.Null(await client.ReadFrameAsync());
            }

            // Their resources are released: only the HELLO-only sockets and the good one are left.
            await WaitUntilAsync(() => agent.Server.Metrics.ConnectionsOpen == helloOnly.Count + 1);
            for (var i = 0; i < 100; i++)
            {
                await good.NotifyAsync(w => TraceMessages.OneSpanTrace(w, $"after-{i}", "idle"));
            }

            // HELLO-then-silent connections are HAProxy's idle pool: they stay usable until HAProxy closes them.
            await helloOnly[^1].NotifyAsync(w => TraceMessages.OneSpanTrace(w, "late", "idle"));
            Assert.Equal(0, agent.Server.Metrics.ProtocolErrorCount(SpopStatus.InvalidFrame));

            // A timed-out handshake is a Debug line, never a warning per socket.
            Assert.DoesNotContain(agent.Logs.Visible(LogLevel.Warning), l => l.Contains("HELLO", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var client in silent.Concat(helloOnly))
            {
                await client.DisposeAsync();
            }
        }

        await WaitUntilAsync(() => agent.Server.Metrics.ConnectionsOpen == 1);
    }

    [Fact]
    public async Task ConnectionFlood_BeyondMaxConnections_RefusedCleanly_ExistingOnesUnaffected()
    {
        const int max = 10;
        const int flood = 200;
        await using var agent = await FaultAgent.StartAsync(new TracingOptions { Exporter = ExporterKind.None },
            o => o.MaxConnections = max);
        var existing = new List<RawSpopClient>();
        try
        {
            for (var i = 0; i < max; i++)
            {
                existing.Add(await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint));
            }

            for (var i = 0; i < flood; i++)
            {
                await using var extra = await RawSpopClient.ConnectAsync(agent.EndPoint);
                await extra.SendAsync(RawSpopClient.HelloFrame());

                // Accepted and closed at once: no AGENT-HELLO, no DISCONNECT, just the end of the stream.
                Assert.Null(await extra.ReadFrameAsync());
                if (i % 20 == 0)
                {
                    await existing[i % max].NotifyAsync(w => TraceMessages.OneSpanTrace(w, $"flood-{i}", "flood"));
                }
            }

            Assert.Equal(flood, agent.Server.Metrics.ConnectionsRefused);
            Assert.Equal(max, agent.Server.Metrics.ConnectionsOpen);
            foreach (var client in existing)
            {
                await client.NotifyAsync(w => TraceMessages.OneSpanTrace(w, Guid.NewGuid().ToString(), "flood"));
            }

            Assert.Equal(0, agent.Server.Metrics.HandlerErrors);
        }
        finally
        {
            foreach (var client in existing)
            {
                await client.DisposeAsync();
            }
        }

        // Once the existing ones are gone, new connections are welcome again.
        await WaitUntilAsync(() => agent.Server.Metrics.ConnectionsOpen == 0);
        await using var again = await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint);
        await again.NotifyAsync(w => TraceMessages.OneSpanTrace(w, "again", "flood"));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Safety);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
