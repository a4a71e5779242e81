using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>
/// <see cref="SpopServerOptions.MaxConcurrentFrames"/> (the agent's <c>-n</c>): with a processing delay (<c>-t</c>), at
/// most that many NOTIFYs wait out their delay at once across all connections. A connection whose next NOTIFY finds no
/// slot stops reading after validating it, so at any moment the frames received and not yet ACKed are at most the limit
/// plus one per connection; each of them is still answered once a slot frees.
/// </summary>
public sealed class SpopServerConcurrencyLimitTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);
    private static readonly byte[] Payload = Captures.Bytes("haproxy26-notify-request-multi.hex").AsSpan(11).ToArray();

    [Fact]
    public async Task One_connection_has_at_most_the_limit_in_processing_plus_the_one_it_stopped_reading_at()
    {
        const int limit = 3;
        const int frames = 12;
        var probe = new InFlightProbe();
        await using var server = await StartAsync(probe, limit);
        await using var client = await HelloAsync(server);

        await client.SendAsync(Notifies(streamBase: 100, frames));
        await AssertAllAckedAsync(client, 100, frames);

        // The first ACK is written after the delay, long after the loop read the buffered frames: exactly limit + 1 were
        // taken by then, and never more afterwards.
        Assert.Equal(limit + 1, probe.MaxUnanswered);
        Assert.Equal(frames, server.Metrics.AcksSent);
    }

    [Fact]
    public async Task The_limit_is_shared_by_every_connection_and_every_frame_is_answered()
    {
        const int limit = 2;
        const int connections = 3;
        const int frames = 6;
        var probe = new InFlightProbe();
        await using var server = await StartAsync(probe, limit);
        var clients = new List<SpopTestClient>();
        try
        {
            for (var c = 0; c < connections; c++)
            {
                clients.Add(await HelloAsync(server));
            }

            await Task.WhenAll(clients.Select((client, c) => client.SendAsync(Notifies((ulong)(c * 100), frames))));
            await Task.WhenAll(clients.Select((client, c) => AssertAllAckedAsync(client, (ulong)(c * 100), frames)));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // Per connection alone (20 in flight) all 18 could wait at once.
        Assert.InRange(probe.MaxUnanswered, limit + 1, limit + connections);
        Assert.Equal(connections * frames, server.Metrics.AcksSent);
    }

    private static async Task<SpopServer> StartAsync(InFlightProbe probe, int limit)
    {
        var server = await SpopServerTests.StartAsync(probe, o =>
        {
            o.MaxConcurrentFrames = limit;
            o.ProcessingDelay = Delay;
        });
        probe.Metrics = server.Metrics;
        return server;
    }

    private static async Task<SpopTestClient> HelloAsync(SpopServer server)
    {
        var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync("haproxy26-hello.hex");
        return client;
    }

    /// <summary>Pipelined NOTIFYs with stream ids <paramref name="streamBase"/>.., frame id 1, in one buffer.</summary>
    private static byte[] Notifies(ulong streamBase, int count) =>
        [.. Enumerable.Range(0, count).SelectMany(i => HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, streamBase + (ulong)i, 1, Payload))];

    /// <summary>One ACK per NOTIFY sent, each with the ids of one of them (a delayed frame may overtake another).</summary>
    private static async Task AssertAllAckedAsync(SpopTestClient client, ulong streamBase, int count)
    {
        var acked = new HashSet<ulong>();
        for (var i = 0; i < count; i++)
        {
            var ack = await client.ReadFrameAsync();
            Assert.Equal(FrameType.Ack, ack!.Header.Type);
            Assert.Equal(1UL, ack.Header.FrameId);
            Assert.True(acked.Add(ack.Header.StreamId), $"stream {ack.Header.StreamId} acked twice");
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => streamBase + (ulong)i).ToHashSet(), acked);
    }

    /// <summary>When a delayed frame is finally handled, records how many NOTIFYs the server had received and not yet
    /// answered: those in their delay, the one being handled, and one per connection waiting for a slot.</summary>
    private sealed class InFlightProbe : IMessageHandler
    {
        private readonly Lock _lock = new();
        private long _max;

        public SpopServerMetrics? Metrics { get; set; }

        public long MaxUnanswered
        {
            get
            {
                lock (_lock)
                {
                    return _max;
                }
            }
        }

        public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
        {
            var metrics = Metrics ?? throw new InvalidOperationException("no server yet");
            var unanswered = metrics.NotifyFrames - metrics.AcksSent;
            lock (_lock)
            {
                _max = Math.Max(_max, unanswered);
            }
        }
    }
}
