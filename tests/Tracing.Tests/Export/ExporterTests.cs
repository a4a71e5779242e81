using System.Text;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed class ExporterTests
{
    [Theory]
    [InlineData(OtlpProtocol.Grpc, null, false, "http://localhost:4317/")]
    [InlineData(OtlpProtocol.HttpProtobuf, null, false, "http://localhost:4318/v1/traces")]
    [InlineData(OtlpProtocol.Grpc, "http://collector:4317", false, "http://collector:4317/")]
    [InlineData(OtlpProtocol.HttpProtobuf, "http://collector:4318/", false, "http://collector:4318/v1/traces")]
    [InlineData(OtlpProtocol.HttpProtobuf, "http://gw/otlp", false, "http://gw/otlp/v1/traces")]
    [InlineData(OtlpProtocol.HttpProtobuf, "http://gw/custom", true, "http://gw/custom")]
    public void OtlpEndpoint(OtlpProtocol protocol, string? endpoint, bool full, string expected)
    {
        var options = new TracingOptions { OtlpProtocol = protocol, Endpoint = endpoint is null ? null : new Uri(endpoint), EndpointIsTracesUrl = full };

        Assert.Equal(new Uri(expected), ExporterFactory.ResolveOtlpEndpoint(options));
    }

    [Fact]
    public void OtlpHttpExportPostsProtobufToTheTracesPathWithOurHeaders()
    {
        using var receiver = new LoopbackHttpReceiver();
        var options = new TracingOptions
        {
            Exporter = ExporterKind.Otlp,
            OtlpProtocol = OtlpProtocol.HttpProtobuf,
            Endpoint = receiver.BaseUri,
            Headers = { new("x-api-key", "abc123") },
            ServiceName = "svc-under-test",
        };
        using (var engine = new TracingEngine(options))
        {
            foreach (var frame in SeedMessages.Request("otlp-1"))
            {
                EngineHarness.Feed(engine, EngineHarness.Encode(frame));
            }

            Assert.True(engine.ForceFlush(TimeSpan.FromSeconds(30)));
            Assert.Equal(9, engine.Metrics.Exported);
            Assert.Equal(0, engine.Metrics.ExportFailed);
            Assert.Equal(0, engine.Metrics.ExportQueueDepth);
        }

        Assert.NotEmpty(receiver.Requests);
        foreach (var request in receiver.Requests)
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/v1/traces", request.PathAndQuery);
            Assert.Equal("application/x-protobuf", request.Headers["content-type"]);
            Assert.Equal("abc123", request.Headers["x-api-key"]);
        }

        var body = string.Concat(receiver.Requests.Select(r => Encoding.UTF8.GetString(r.Body)));
        Assert.Contains("svc-under-test", body, StringComparison.Ordinal);
        Assert.Contains("Backend HTTP request", body, StringComparison.Ordinal);
        Assert.Contains("opentracing.ref_type", body, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipkinExportPostsJsonSpans()
    {
        using var receiver = new LoopbackHttpReceiver();
        var options = new TracingOptions { Exporter = ExporterKind.Zipkin, Endpoint = new Uri(receiver.BaseUri, "/api/v2/spans"), ServiceName = "zip" };
        using (var engine = new TracingEngine(options))
        {
            foreach (var frame in SeedMessages.Request("zipkin-1"))
            {
                EngineHarness.Feed(engine, EngineHarness.Encode(frame));
            }

            Assert.True(engine.ForceFlush(TimeSpan.FromSeconds(30)));
        }

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/api/v2/spans", request.PathAndQuery);
        var body = Encoding.UTF8.GetString(request.Body);
        Assert.Contains("\"HAProxy session\"", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"zip\"", body, StringComparison.Ordinal);
    }
}
