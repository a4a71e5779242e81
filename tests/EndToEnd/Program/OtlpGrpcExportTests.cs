using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Tracing;
using SpoaOpenTracing.Tests.Shared;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// The built agent with <c>-T otlp-grpc</c> behind HAProxy running the seed's example configs: the 9 spans of a request
/// arrive over OTLP/gRPC (h2c) at a receiver that decodes them.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class OtlpGrpcExportTests
{
    [Fact]
    public async Task With_T_otlp_grpc_the_nine_spans_of_a_request_arrive_over_grpc()
    {
        await using var receiver = await OtlpGrpcReceiver.StartAsync();
        await using var backend = await BackendServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            // The base address: a gRPC exporter appends the service path itself.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseAddress.ToString(),
            ["OTEL_SERVICE_NAME"] = "spoa-e2e-grpc",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };
        var agentPort = Ports.GetFreeTcpPort();
        using var agent = await AgentLauncher.StartAsync(agentPort, environment, "-Totlp-grpc");
        var frontendPort = Ports.GetFreeTcpPort();
        await using (await HaproxyProcess.StartAsync(ExampleConfig.Load(frontendPort, backend.Port, agentPort, Ports.GetFreeTcpPort()),
            "haproxy.cfg", new Dictionary<string, string>(), frontendPort))
        {
            var url = $"/?grpc={Guid.NewGuid():N}";
            using (var http = AgentLauncher.Client(frontendPort))
            {
                Assert.Equal((HttpStatusCode.OK, ""), await AgentLauncher.GetAsync(http, url));
            }

            var spans = await receiver.Spans.WaitAsync(s => TraceOf(s, url).Count >= 9, AgentLauncher.SafetyNet);
            var trace = TraceOf(spans, url);
            Assert.Empty(receiver.Errors);
            var byName = AssertShape(trace, [.. Shape.Keys]);
            Assert.Equal("GET", byName[FrontendHttpRequest].Attributes["http.method"]);
            Assert.Equal(200L, byName[HttpResponse].Attributes["http.status_code"]);
            Assert.All(trace, s => Assert.Equal(0, s.StatusCode));
            Assert.All(trace, s => Assert.Equal("spoa-e2e-grpc", s.ResourceAttributes["service.name"]));
        }

        agent.Signal(PosixSignalNumber.Term);
        var (code, _, stderr) = agent.WaitForExit();
        Assert.True(code == 0, $"exit {code}: {stderr}");
    }
}
