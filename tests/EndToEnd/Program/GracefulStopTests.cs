using System.Collections.Concurrent;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Tracing;
using SpoaOpenTracing.Tests.Shared;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// SIGTERM to the built agent while 8 clients send requests through HAProxy: the agent exits 0 and every span of
/// every trace that completed before the stop reaches the OTLP receiver, so nothing is lost in the export queue.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class GracefulStopTests
{
    private const int Clients = 8;
    private const int MaxRequests = 3_000;
    private const int CompletedBeforeStop = 300;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sigterm_under_load_exits_0_and_every_completed_trace_is_exported()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        await using var backend = await BackendServer.StartAsync();
        // The timer never fires during the test and the queue holds every span: only full batches go out on their
        // own, so the last partial batch reaches the receiver only through the flush on stop.
        var environment = AgentLauncher.OtlpTo(receiver, "spoa-e2e-stop", TimeSpan.FromMinutes(10));
        environment["OTEL_BSP_MAX_QUEUE_SIZE"] = "65536";
        var agentPort = Ports.GetFreeTcpPort();
        using var agent = await AgentLauncher.StartAsync(agentPort, environment, "-Totlp-http");
        var frontendPort = Ports.GetFreeTcpPort();
        await using var haproxy = await HaproxyProcess.StartAsync(ExampleConfig.Load(frontendPort, backend.Port, agentPort, Ports.GetFreeTcpPort()),
            "haproxy.cfg", new Dictionary<string, string>(), frontendPort);

        var prefix = $"/?stop={Guid.NewGuid():N}-";
        var completed = new ConcurrentQueue<string>();
        var completedCount = 0;
        var next = -1;
        var signalled = 0;
        var abandoned = 0;
        using var agentGone = new CancellationTokenSource();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            using var http = AgentLauncher.Client(frontendPort);
            http.Timeout = RequestTimeout;
            int i;
            while (!agentGone.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < MaxRequests)
            {
                HttpStatusCode status;
                string spoeError;
                try
                {
                    (status, spoeError) = await AgentLauncher.GetAsync(http, prefix + i);
                }
                catch (TaskCanceledException) when (Volatile.Read(ref signalled) == 1)
                {
                    // Seen now and then on HAProxy 2.6: a request in flight while its SPOE agent goes away is held
                    // until a client-side timeout. Only requests still unanswered at the signal are excused.
                    Interlocked.Increment(ref abandoned);
                    continue;
                }

                Assert.Equal(HttpStatusCode.OK, status);
                // Empty: every SPOE event of the request was ACKed, the last one after all its spans finished.
                if (spoeError == "")
                {
                    completed.Enqueue(prefix + i);
                    if (Interlocked.Increment(ref completedCount) == CompletedBeforeStop && Interlocked.Exchange(ref signalled, 1) == 0)
                    {
                        agent.Signal(PosixSignalNumber.Term);
                        _ = Task.Run(() =>
                        {
                            agent.WaitForExit();
                            agentGone.Cancel();
                        });
                    }
                }
            }
        }));

        Assert.Equal(1, signalled);
        Assert.True(abandoned <= Clients, $"{abandoned} requests abandoned");
        var (code, _, stderr) = agent.WaitForExit();
        Assert.True(code == 0, $"exit {code}: {stderr}");

        // The agent has exited, so every export it made has been answered: the receiver holds all there is.
        var spans = receiver.Spans.Snapshot();
        Assert.Empty(receiver.Errors);
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
        var missing = completed.Where(url => TraceOf(spans, url).Count != 9).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {completed.Count} completed traces incomplete, e.g. {missing.FirstOrDefault()}");
        Assert.All(completed.Take(20), url => AssertShape(TraceOf(spans, url), [.. Shape.Keys]));
    }
}
