using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.SelfTests;

/// <summary>The OTLP receiver against the real OpenTelemetry .NET OTLP/HTTP exporter: every field must round-trip.</summary>
public sealed class OtlpHttpReceiverTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Decodes_every_field_the_OpenTelemetry_exporter_sends()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        var sourceName = "e2e.selftest.otlp." + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName, "1.2.3");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                .AddService("selftest-service", serviceVersion: "9.9")
                .AddAttributes([new("resource.long", 7L), new("resource.bool", true)]))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = receiver.TracesEndpoint;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "vendor=linked");
        var eventTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
        Activity parent, child;
        using (parent = source.StartActivity("parent span", ActivityKind.Server)!)
        {
            ActivityLink[] links = [new(linked, new ActivityTagsCollection { ["opentracing.ref_type"] = "follows_from", ["link.long"] = 3L })];
            using (child = source.StartActivity("child span", ActivityKind.Client, parent.Context, links: links)!)
            {
                child.TraceStateString = "congo=t61rcWkgMzE";
                child.SetTag("attr.string", "text é");
                child.SetTag("attr.bool", true);
                child.SetTag("attr.long", -42L);
                child.SetTag("attr.int", 5);
                child.SetTag("attr.double", 2.5);
                child.SetTag("attr.strings", new[] { "a", "b" });
                child.SetTag("attr.longs", new[] { 1L, -2L });
                child.SetTag("attr.bools", new[] { true, false });
                child.SetTag("attr.doubles", new[] { 0.5, 1.5 });
                child.AddEvent(new ActivityEvent("something happened", eventTime, new ActivityTagsCollection { ["event.string"] = "x", ["event.long"] = 1L }));
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
        Assert.Equal(parent.SpanId.ToHexString(), p.SpanId);
        Assert.Equal("", p.ParentSpanId);
        Assert.Equal(2, p.Kind);
        Assert.Equal(0, p.StatusCode);
        Assert.Empty(p.Links);
        Assert.Empty(p.Events);

        Assert.Equal(child.TraceId.ToHexString(), c.TraceId);
        Assert.Equal(parent.TraceId.ToHexString(), c.TraceId);
        Assert.Equal(child.SpanId.ToHexString(), c.SpanId);
        Assert.Equal(parent.SpanId.ToHexString(), c.ParentSpanId);
        Assert.Equal("congo=t61rcWkgMzE", c.TraceState);
        Assert.Equal(3, c.Kind);
        Assert.Equal(UnixNanos(child.StartTimeUtc), c.StartTimeUnixNano);
        Assert.Equal(UnixNanos(child.StartTimeUtc + child.Duration), c.EndTimeUnixNano);
        // Low byte = W3C trace-flags (sampled, and .NET's random-trace-id bit); above it, OTLP's is-remote bits.
        Assert.Equal((uint)child.ActivityTraceFlags, c.Flags & 0xFF);
        Assert.Equal(1u, c.Flags & 1);

        Assert.Equal("text é", c.Attributes["attr.string"]);
        Assert.Equal(true, c.Attributes["attr.bool"]);
        Assert.Equal(-42L, c.Attributes["attr.long"]);
        Assert.Equal(5L, c.Attributes["attr.int"]);
        Assert.Equal(2.5, c.Attributes["attr.double"]);
        Assert.Equal(new object?[] { "a", "b" }, c.Attributes["attr.strings"]);
        Assert.Equal(new object?[] { 1L, -2L }, c.Attributes["attr.longs"]);
        Assert.Equal(new object?[] { true, false }, c.Attributes["attr.bools"]);
        Assert.Equal(new object?[] { 0.5, 1.5 }, c.Attributes["attr.doubles"]);
        Assert.Equal(9, c.Attributes.Count);

        var e = Assert.Single(c.Events);
        Assert.Equal("something happened", e.Name);
        Assert.Equal(UnixNanos(eventTime.UtcDateTime), e.TimeUnixNano);
        Assert.Equal(new Dictionary<string, object?> { ["event.string"] = "x", ["event.long"] = 1L }, e.Attributes);

        var l = Assert.Single(c.Links);
        Assert.Equal(linked.TraceId.ToHexString(), l.TraceId);
        Assert.Equal(linked.SpanId.ToHexString(), l.SpanId);
        Assert.Equal("vendor=linked", l.TraceState);
        Assert.Equal(new Dictionary<string, object?> { ["opentracing.ref_type"] = "follows_from", ["link.long"] = 3L }, l.Attributes);

        Assert.Equal(2, c.StatusCode);
        Assert.Equal("it broke", c.StatusMessage);

        Assert.Equal(sourceName, c.ScopeName);
        Assert.Equal("1.2.3", c.ScopeVersion);
        Assert.Equal("selftest-service", c.ResourceAttributes["service.name"]);
        Assert.Equal("9.9", c.ResourceAttributes["service.version"]);
        Assert.Equal(7L, c.ResourceAttributes["resource.long"]);
        Assert.Equal(true, c.ResourceAttributes["resource.bool"]);
    }

    [Fact]
    public async Task Answers_400_and_records_an_error_for_a_body_that_is_not_OTLP()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        using var client = new HttpClient();
        // Field 1 announced as length-delimited with 100 bytes, but only 2 follow.
        using var content = new ByteArrayContent([0x0A, 100, 1, 2]);
        content.Headers.ContentType = new(OtlpHttpReceiver.ContentType);
        using var response = await client.PostAsync(receiver.TracesEndpoint, content);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(receiver.Errors);
        Assert.Equal(0, receiver.Spans.Count);
    }

    private static ulong UnixNanos(DateTime utc) => (ulong)(utc - DateTime.UnixEpoch).Ticks * 100;
}
