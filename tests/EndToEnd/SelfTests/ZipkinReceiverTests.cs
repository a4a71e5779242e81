using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.SelfTests;

/// <summary>The Zipkin receiver against the real OpenTelemetry .NET Zipkin exporter.</summary>
public sealed class ZipkinReceiverTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reads_what_the_OpenTelemetry_Zipkin_exporter_sends()
    {
        await using var receiver = await ZipkinReceiver.StartAsync();
        var sourceName = "e2e.selftest.zipkin." + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
#pragma warning disable CS0618 // The Zipkin exporter is marked obsolete in 1.20.1 but is the only Zipkin route (design.md).
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("zipkin-selftest"))
            .AddZipkinExporter(o =>
            {
                o.Endpoint = receiver.SpansEndpoint;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
#pragma warning restore CS0618

        var eventTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
        Activity parent, child;
        using (parent = source.StartActivity("parent span", ActivityKind.Server)!)
        {
            using (child = source.StartActivity("child span", ActivityKind.Client)!)
            {
                child.SetTag("attr.string", "text");
                child.SetTag("attr.bool", true);
                child.SetTag("attr.long", -42L);
                child.SetTag("attr.double", 2.5);
                child.AddEvent(new ActivityEvent("something happened", eventTime));
                child.SetStatus(ActivityStatusCode.Error, "it broke");
            }
        }

        Assert.True(provider.ForceFlush(10_000));
        var spans = await receiver.Spans.WaitAsync(2, SafetyNet);
        Assert.Empty(receiver.Errors);
        Assert.Equal(2, spans.Count);

        var p = Assert.Single(spans, s => s.Name == "parent span");
        var c = Assert.Single(spans, s => s.Name == "child span");

        Assert.Equal(parent.TraceId.ToHexString(), p.TraceId);
        Assert.Equal(parent.SpanId.ToHexString(), p.Id);
        Assert.Null(p.ParentId);
        Assert.Equal("SERVER", p.Kind);
        Assert.Equal("zipkin-selftest", p.LocalServiceName);

        Assert.Equal(parent.TraceId.ToHexString(), c.TraceId);
        Assert.Equal(child.SpanId.ToHexString(), c.Id);
        Assert.Equal(parent.SpanId.ToHexString(), c.ParentId);
        Assert.Equal("CLIENT", c.Kind);
        Assert.Equal(UnixMicros(child.StartTimeUtc), c.Timestamp);
        Assert.Equal(child.Duration.Ticks / 10, c.Duration);

        Assert.Equal("text", c.Tags["attr.string"]);
        Assert.Equal("true", c.Tags["attr.bool"]);
        Assert.Equal("-42", c.Tags["attr.long"]);
        Assert.Equal("2.5", c.Tags["attr.double"]);
        Assert.Equal("ERROR", c.Tags["otel.status_code"]);
        Assert.Equal("it broke", c.Tags["error"]);

        var annotation = Assert.Single(c.Annotations);
        Assert.Equal("something happened", annotation.Value);
        Assert.Equal(UnixMicros(eventTime.UtcDateTime), annotation.Timestamp);
    }

    [Fact]
    public async Task Answers_400_and_records_an_error_for_a_body_that_is_not_a_span_array()
    {
        await using var receiver = await ZipkinReceiver.StartAsync();
        using var client = new HttpClient();
        using var content = new StringContent("""[{"traceId":"0af7651916cd43dd8448eb211c80319c"}]""", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(receiver.SpansEndpoint, content);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(receiver.Errors);
        Assert.Equal(0, receiver.Spans.Count);
    }

    private static long UnixMicros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;
}
