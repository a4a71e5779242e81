using System.Globalization;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.EndToEnd.Tracing;
using SpoaOpenTracing.Tests.Shared;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// The seed's Zipkin way: <c>-C cfg-zipkin.json -T libzipkin_opentracing_plugin-0.5.2.so</c> (the shipped JSON with
/// only its collector port changed); the built agent sends Zipkin v2 JSON to a receiver, which decodes the 9 spans.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class ZipkinConfigTests
{
    private const string ShippedPort = "\"collector_port\": 9411";

    [Fact]
    public async Task The_seed_zipkin_config_and_plugin_name_send_the_nine_spans_as_zipkin_json()
    {
        await using var zipkin = await ZipkinReceiver.StartAsync();
        await using var backend = await BackendServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("spoa-e2e-zipkin-");
        try
        {
            var json = File.ReadAllText(Path.Combine(ExampleConfig.ExamplesDirectory, "cfg-zipkin.json"));
            Assert.Contains("\"collector_host\": \"127.0.0.1\"", json, StringComparison.Ordinal);
            var config = Path.Combine(directory.FullName, "cfg-zipkin.json");
            File.WriteAllText(config, ProgramExamples.Replace(json, ShippedPort, $"\"collector_port\": {zipkin.BaseAddress.Port.ToString(CultureInfo.InvariantCulture)}"));

            var agentPort = Ports.GetFreeTcpPort();
            var environment = new Dictionary<string, string> { ["OTEL_BSP_SCHEDULE_DELAY"] = "100" };
            using var agent = await AgentLauncher.StartAsync(agentPort, environment, "-C" + config, "-Tlibzipkin_opentracing_plugin-0.5.2.so");
            var frontendPort = Ports.GetFreeTcpPort();
            await using (await HaproxyProcess.StartAsync(ExampleConfig.Load(frontendPort, backend.Port, agentPort, Ports.GetFreeTcpPort()),
                "haproxy.cfg", new Dictionary<string, string>(), frontendPort))
            {
                var url = $"/status/404?zipkin={Guid.NewGuid():N}";
                using (var http = AgentLauncher.Client(frontendPort))
                {
                    Assert.Equal((HttpStatusCode.NotFound, ""), await AgentLauncher.GetAsync(http, url));
                }

                var spans = await zipkin.Spans.WaitAsync(s => ZipkinTraceOf(s, url).Count >= 9, AgentLauncher.SafetyNet);
                var trace = ZipkinTraceOf(spans, url);
                Assert.Empty(zipkin.Errors);
                AssertZipkinShape(trace);

                var byName = trace.ToDictionary(s => s.Name!);
                var request = byName[FrontendHttpRequest].Tags;
                Assert.Equal("GET", request["http.method"]);
                Assert.Equal("HTTP/1.1", request["http.version"]);
                var response = byName[HttpResponse].Tags;
                Assert.Equal("404", response["http.status_code"]);
                // The OpenTelemetry Zipkin exporter writes an error status as Zipkin's "error" tag holding the status
                // description (none here), replacing the span's error=true attribute: the key marks the error.
                Assert.Equal("ERROR", response["otel.status_code"]);
                Assert.True(response.ContainsKey("error"));
                Assert.All(trace.Where(s => s.Name != HttpResponse), s => Assert.False(s.Tags.ContainsKey("error"), $"{s.Name} has an error tag"));
                Assert.All(trace, s => Assert.Equal("spoa-ot", s.LocalServiceName));
                Assert.All(trace, s => Assert.True(s.Duration >= 0 && s.Timestamp > 0, $"{s.Name}: timestamp {s.Timestamp}, duration {s.Duration}"));
            }

            agent.Signal(PosixSignalNumber.Term);
            Assert.Equal(0, agent.WaitForExit().Code);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The trace whose "Frontend HTTP request" has tag <c>http.url</c> = <paramref name="url"/>.</summary>
    private static List<ZipkinSpan> ZipkinTraceOf(IReadOnlyList<ZipkinSpan> spans, string url)
    {
        var request = spans.FirstOrDefault(s => s.Name == FrontendHttpRequest && s.Tags.GetValueOrDefault("http.url") == url);
        return request is null ? [] : spans.Where(s => s.TraceId == request.TraceId).ToList();
    }

    /// <summary>The 9 names once each, parents as in <see cref="SeedTrace.Shape"/>. Zipkin has no links, so a
    /// follows-from reference shows only as the parent id (the OTLP tests check the link and its ref type).</summary>
    private static void AssertZipkinShape(List<ZipkinSpan> trace)
    {
        Assert.Equal(Shape.Keys.Order(), trace.Select(s => s.Name!).Order());
        Assert.Equal(trace.Count, trace.Select(s => s.Id).Distinct().Count());
        var byName = trace.ToDictionary(s => s.Name!);
        foreach (var span in trace)
        {
            var parent = Shape[span.Name!].Parent;
            Assert.True((parent is null ? null : byName[parent].Id) == span.ParentId, $"{span.Name}: parent should be {parent ?? "none"}");
        }
    }
}
