using Microsoft.Extensions.Logging;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Tracing;
using Xunit;
using Xunit.Abstractions;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>
/// The tracing backend goes down (nothing listening), slow (answers after 5 s) or refusing (503) while NOTIFYs flow:
/// ACKs keep coming within HAProxy's processing timeout, spans beyond the bounded queue are dropped and counted, the
/// queue never grows past its cap, and spans arrive again once the backend is back.
/// </summary>
[Trait("Category", "Faults")]
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class ExporterFaultTests
{
    /// <summary><c>timeout processing</c> of examples/spoe.cfg: an ACK later than this fails the request in HAProxy.</summary>
    private static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>A blocked exporter on the ACK path would hold ACKs for seconds (the slow backend answers after 5 s).</summary>
    private static readonly TimeSpan Blocked = TimeSpan.FromSeconds(1);

    /// <summary>Safety net for waits, not a performance bound.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    private const int QueueCap = 256;
    private const int FaultTraces = 3000;
    private const int RecoveryTraces = 50;

    private readonly ITestOutputHelper _output;

    public ExporterFaultTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData("down")]
    [InlineData("slow")]
    [InlineData("refusing")]
    public async Task BackendFault_AcksUnaffected_SpansDroppedAndCounted_RecoversAfterwards(string fault)
    {
        var port = Ports.GetFreeTcpPort();
        FaultySink? sink = await FaultySink.StartAsync(port, SinkMode.Healthy);
        try
        {
            await using var agent = await FaultAgent.StartAsync(new TracingOptions
            {
                Exporter = ExporterKind.Otlp,
                OtlpProtocol = OtlpProtocol.HttpProtobuf,
                Endpoint = new Uri($"http://127.0.0.1:{port}"),
                MaxExportQueueSize = QueueCap,
                MaxExportBatchSize = 64,
                ScheduledExportDelay = TimeSpan.FromMilliseconds(50),
            });
            await using var client = await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint);

            var healthy = await RunTracesAsync(client, agent, $"{fault}-healthy", 200, _ => { });
            await sink.Spans.WaitAsync(s => s.Count(x => Marker(x) == $"{fault}-healthy") >= 200, Safety);
            Assert.Empty(ExportWarnings(agent));

            switch (fault)
            {
                case "down":
                    await sink.DisposeAsync();
                    sink = null;
                    break;
                case "slow":
                    sink.Mode = SinkMode.Slow;
                    break;
                default:
                    sink.Mode = SinkMode.Refusing;
                    break;
            }

            var maxQueue = 0L;
            var faulty = await RunTracesAsync(client, agent, $"{fault}-fault", FaultTraces,
                m => maxQueue = Math.Max(maxQueue, m.ExportQueueDepth));
            var metrics = agent.Engine.Metrics;
            _output.WriteLine($"{fault}: ACK round trip median healthy {Median(healthy).TotalMicroseconds:F0} µs, during the fault "
                + $"{Median(faulty).TotalMicroseconds:F0} µs, max {faulty.Max().TotalMilliseconds:F1} ms; queue max {maxQueue}/{QueueCap}; "
                + $"dropped (queue full) {metrics.ExportDropped}, in failed batches {metrics.ExportFailed}");

            Assert.True(faulty.Max() < Blocked, $"an ACK took {faulty.Max()}");
            // A blocked ACK path would make nearly every ACK late; a few may be late from the shared machine's scheduling.
            Assert.True(faulty.Count(t => t > ProcessingTimeout) <= FaultTraces / 20, "ACKs beyond HAProxy's processing timeout");
            Assert.InRange(maxQueue, 0, QueueCap);
            Assert.True(metrics.ExportDropped + metrics.ExportFailed > 0, "spans that could not be exported are counted");
            Assert.Equal(0, agent.Server.Metrics.HandlerErrors);

            if (sink is null)
            {
                sink = await FaultySink.StartAsync(port, SinkMode.Healthy);
            }
            else
            {
                sink.Mode = SinkMode.Healthy;
            }

            // What queued up during the fault goes out (or is dropped) first; then fresh spans must arrive.
            using (var cts = new CancellationTokenSource(Safety))
            {
                while (metrics.ExportQueueDepth > 0)
                {
                    await Task.Delay(50, cts.Token);
                }
            }

            await RunTracesAsync(client, agent, $"{fault}-recovered", RecoveryTraces, _ => { });
            await sink.Spans.WaitAsync(s => s.Count(x => Marker(x) == $"{fault}-recovered") >= RecoveryTraces, Safety);
            var warnings = ExportWarnings(agent);
            _output.WriteLine($"{fault}: {warnings.Count} export warning line(s) logged:\n" + string.Join("\n", warnings));
            Assert.NotEmpty(warnings);
            // Rate limited: a line per lost span would flood the operator's log during an outage.
            Assert.True(warnings.Count < (metrics.ExportDropped + metrics.ExportFailed) / 10,
                $"{warnings.Count} warning lines for {metrics.ExportDropped + metrics.ExportFailed} lost spans");
        }
        finally
        {
            if (sink is not null)
            {
                await sink.DisposeAsync();
            }
        }
    }

    private static async Task<List<TimeSpan>> RunTracesAsync(RawSpopClient client, FaultAgent agent, string marker, int count,
        Action<TracingMetrics> sample)
    {
        var times = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"{marker}-{i}";
            times.Add(await client.NotifyAsync(w => TraceMessages.OneSpanTrace(w, id, marker)));
            sample(agent.Engine.Metrics);
        }

        return times;
    }

    /// <summary>Warnings (or worse) about export: what an operator sees when spans are lost.</summary>
    private static List<string> ExportWarnings(FaultAgent agent) =>
        [.. agent.Logs.Lines
            .Where(l => l.Level >= LogLevel.Warning && l.Text.Contains("export", StringComparison.OrdinalIgnoreCase))
            .Select(l => $"{l.Level} {l.Category}: {l.Text}")];

    private static string? Marker(ReceivedSpan span) => span.Attributes.TryGetValue("marker", out var value) ? value as string : null;

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
