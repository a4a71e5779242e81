using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Tracing;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// <c>-T console -l w:FILE</c>: as the seed sent stdout and stderr into its log file, the console exporter's trace
/// trees land in the log file, between the start and stop markers, not on the process's stdout.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class ConsoleLogFileTests
{
    [Fact]
    public async Task The_console_exporter_writes_its_trace_trees_into_the_log_file()
    {
        await using var backend = await BackendServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("spoa-e2e-console-");
        try
        {
            var log = Path.Combine(directory.FullName, "agent.log");
            var agentPort = Ports.GetFreeTcpPort();
            var environment = new Dictionary<string, string> { ["OTEL_BSP_SCHEDULE_DELAY"] = "100" };
            using var agent = await AgentLauncher.StartAsync(agentPort, environment, "-Tconsole", "-lw:" + log);
            var frontendPort = Ports.GetFreeTcpPort();
            var url = $"/?console={Guid.NewGuid():N}";
            await using (await HaproxyProcess.StartAsync(ExampleConfig.Load(frontendPort, backend.Port, agentPort, Ports.GetFreeTcpPort()),
                "haproxy.cfg", new Dictionary<string, string>(), frontendPort))
            {
                using var http = AgentLauncher.Client(frontendPort);
                Assert.Equal((HttpStatusCode.OK, ""), await AgentLauncher.GetAsync(http, url));
            }

            agent.Signal(PosixSignalNumber.Term);
            var (code, stdout, _) = agent.WaitForExit();
            Assert.Equal(0, code);

            var text = File.ReadAllText(log);
            var tree = text.IndexOf("spans=9", StringComparison.Ordinal);
            Assert.True(tree > 0, "no 9-span trace tree in the log file:\n" + text);
            var start = text.IndexOf("--- start ---", StringComparison.Ordinal);
            var stop = text.IndexOf("--- stop  ---", StringComparison.Ordinal);
            Assert.True(start >= 0, "no start marker in the log file:\n" + text);
            Assert.True(start < tree, "the tree precedes the start marker:\n" + text);
            Assert.True(stop > tree, "no stop marker after the tree:\n" + text);
            Assert.Contains("http.url=" + url, text, StringComparison.Ordinal);
            foreach (var name in SeedTrace.Shape.Keys)
            {
                Assert.Contains(name, text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("spans=9", stdout, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
