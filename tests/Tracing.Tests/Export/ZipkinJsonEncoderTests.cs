using System.Text.Json.Nodes;
using SpoaOpenTracing.Tracing.Export.Zipkin;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>What the oracle cannot show: fields an Activity has no place for, and the buffer's reuse.</summary>
public sealed class ZipkinJsonEncoderTests
{
    [Fact]
    public void DroppedCountsAreTagsAsTheSpecMapsThemForNonOtlpFormats()
    {
        var span = Span();
        span.DroppedAttributesCount = 3;
        span.DroppedEventsCount = 1;
        span.DroppedLinksCount = 12;

        var tags = Encode(new ZipkinJsonEncoder(new("svc", null, null), string.Empty, null), span)["tags"]!;

        Assert.Equal("3", tags["otel.dropped_attributes_count"]!.GetValue<string>());
        Assert.Equal("1", tags["otel.dropped_events_count"]!.GetValue<string>());
        Assert.Equal("12", tags["otel.dropped_links_count"]!.GetValue<string>());
    }

    [Fact]
    public void ASpanWithNothingToTagHasNoTagsAndNoAddresses()
    {
        var span = Span();
        span.SetAttribute("error", true);

        var json = Encode(new ZipkinJsonEncoder(new("svc", null, null), string.Empty, null), span);

        Assert.Null(json["tags"]);
        Assert.Equal("""{"serviceName":"svc"}""", json["localEndpoint"]!.ToJsonString());
    }

    [Fact]
    public void TheBufferIsReusedFromBatchToBatch()
    {
        var encoder = new ZipkinJsonEncoder(new("svc", "127.0.0.1", null), "scope", "1");
        SpanRecord[] batch = [Span(), Span()];
        var first = encoder.Encode(batch).ToArray();

        ReadOnlyMemory<byte> again = default;
        var allocated = Allocations.SteadyState(() => again = encoder.Encode(batch));

        Assert.Equal(first, again.ToArray());
        Assert.Equal(0, allocated);
    }

    private static JsonNode Encode(ZipkinJsonEncoder encoder, SpanRecord span) =>
        Assert.Single(JsonNode.Parse(encoder.Encode([span]).Span)!.AsArray())!;

    private static SpanRecord Span() => new()
    {
        TraceId = IdGenerator.NewTraceId(),
        SpanId = IdGenerator.NewSpanId(),
        Name = "s",
        StartUnixNano = 1_000_000,
        EndUnixNano = 3_000_000,
    };
}
