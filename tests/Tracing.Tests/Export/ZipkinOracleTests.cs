using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Zipkin;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;
using ExportResult = SpoaOpenTracing.Tracing.Export.ExportResult;
using SpanKind = SpoaOpenTracing.Tracing.Spans.SpanKind;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>
/// Our Zipkin JSON against what the OpenTelemetry SDK's Zipkin exporter POSTs for the same spans (ids shared through
/// the Activity technique: trace id and parent given to the SDK, its span ids copied into our records). Two
/// deliberate differences are checked, not hidden: where the SDK drops an event's attributes and the links, we write
/// them (annotation <c>"name":{...}</c>, tag <c>otel.links</c>); the expected JSON gets exactly those additions.
/// </summary>
public sealed class ZipkinOracleTests
{
    private const string ServiceName = "oracle-svc";
    private static readonly DateTime s_start = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_567);

    [Theory]
    [InlineData("1.2.3")]
    [InlineData(null)]
    public void OurJsonParsesToWhatTheSdkSends(string? scopeVersion)
    {
        using var source = new ActivitySource("zipkin-oracle-" + Guid.NewGuid().ToString("n"), scopeVersion);
        var sdk = SdkSpans(source, OracleSpans.All, out var records);

        var transport = new CapturingTransport();
        using (var exporter = EncodingExporter.Zipkin(transport, new ExportResource(ServiceName, [new("service.name", ServiceName)], source.Name, scopeVersion)))
        {
            Assert.Equal(ExportResult.Success, exporter.Export(records.ToArray()));
        }

        var ours = ById(Assert.Single(transport.Bodies));
        Assert.Equal(OracleSpans.All.Length, ours.Count);
        Assert.Equal(sdk.Keys.Order(), ours.Keys.Order());
        for (var i = 0; i < OracleSpans.All.Length; i++)
        {
            var id = records[i].SpanId.ToString();
            var expected = WithOurAdditions(sdk[id], OracleSpans.All[i], records);
            Assert.Equal(Canonical(expected), Canonical(ours[id]));
        }
    }

    /// <summary>The SDK's JSON for <paramref name="spans"/> (its Zipkin exporter posting to a loopback receiver, one
    /// request per span), and our records of the same spans.</summary>
    private static Dictionary<string, JsonNode> SdkSpans(ActivitySource source, OracleSpan[] spans, out List<SpanRecord> records)
    {
        using var receiver = new LoopbackHttpReceiver();
#pragma warning disable CS0618 // OpenTelemetry marks its Zipkin exporter obsolete; it is the oracle here.
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddAttributes([new("service.name", ServiceName), new("team", "net")]))
            .AddSource(source.Name)
            .AddZipkinExporter(o =>
            {
                o.Endpoint = new Uri(receiver.BaseUri, "/api/v2/spans");
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
#pragma warning restore CS0618
        {
            records = [];
            var activities = new List<Activity>();
            foreach (var spec in spans)
            {
                var (activity, record) = Create(source, spec, activities, records);
                activities.Add(activity);
                records.Add(record);
            }
        }

        Assert.Equal(spans.Length, receiver.Requests.Count);
        var all = new Dictionary<string, JsonNode>();
        foreach (var request in receiver.Requests)
        {
            Assert.Equal("/api/v2/spans", request.PathAndQuery);
            foreach (var (id, span) in ById(request.Body))
            {
                all.Add(id, span);
            }
        }

        return all;
    }

    private static (Activity Activity, SpanRecord Record) Create(ActivitySource source, OracleSpan spec, List<Activity> earlier, List<SpanRecord> earlierRecords)
    {
        ActivityContext parent = spec.Parent switch
        {
            OracleSpan.NoParent => default,
            OracleSpan.RemoteParent => new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true),
            var index => earlier[index].Context,
        };
        var activity = source.CreateActivity(spec.Name, (ActivityKind)(spec.Kind - 1), parent)!;
        Assert.NotNull(activity);
        var start = s_start.AddMilliseconds(spec.StartMs);
        activity.SetStartTime(start);
        activity.Start();

        var record = new SpanRecord
        {
            TraceId = ParseTraceId(activity.TraceId.ToHexString()),
            SpanId = ParseSpanId(activity.SpanId.ToHexString()),
            ParentSpanId = spec.Parent == OracleSpan.NoParent ? default : ParseSpanId(activity.ParentSpanId.ToHexString()),
            Name = spec.Name,
            Kind = spec.Kind,
            StartUnixNano = UnixTime.Nanoseconds(start),
        };
        foreach (var (key, value) in spec.Attributes)
        {
            activity.SetTag(key, value.ToObject());
            record.SetAttribute(key, value);
        }

        foreach (var e in spec.Events)
        {
            var at = start.AddMilliseconds(e.AtMs);
            var tags = new ActivityTagsCollection(e.Attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value.ToObject())));
            activity.AddEvent(new ActivityEvent(e.Name, new DateTimeOffset(at), tags));
            record.AddEvent(e.Name, UnixTime.Nanoseconds(at), e.Attributes);
        }

        foreach (var (target, attributes) in spec.Links)
        {
            var tags = new ActivityTagsCollection(attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value.ToObject())));
            activity.AddLink(new ActivityLink(earlier[target].Context, tags));
            record.AddLink(earlierRecords[target].TraceId, earlierRecords[target].SpanId, null, attributes);
        }

        if (spec.Status != SpanStatusCode.Unset)
        {
            activity.SetStatus((ActivityStatusCode)spec.Status, spec.StatusDescription);
            record.SetStatus(spec.Status, spec.StatusDescription);
        }

        var end = start.AddMilliseconds(spec.DurationMs);
        activity.SetEndTime(end);
        record.EndUnixNano = UnixTime.Nanoseconds(end);
        activity.Stop();
        return (activity, record);
    }

    /// <summary>The SDK's span plus what we add on purpose: event attributes in the annotation, links as a tag.</summary>
    private static JsonNode WithOurAdditions(JsonNode sdk, OracleSpan spec, List<SpanRecord> records)
    {
        var expected = sdk.DeepClone();
        for (var i = 0; i < spec.Events.Length; i++)
        {
            var e = spec.Events[i];
            if (e.Attributes.Length > 0)
            {
                var annotation = expected["annotations"]![i]!;
                Assert.Equal(e.Name, annotation["value"]!.GetValue<string>());
                annotation["value"] = new JsonObject { [e.Name] = Typed(e.Attributes) };
            }
        }

        if (spec.Links.Length > 0)
        {
            var links = new JsonArray();
            foreach (var (target, attributes) in spec.Links)
            {
                var link = new JsonObject { ["traceId"] = records[target].TraceId.ToString(), ["spanId"] = records[target].SpanId.ToString() };
                if (attributes.Length > 0)
                {
                    link["attributes"] = Typed(attributes);
                }

                links.Add(link);
            }

            expected["tags"]!["otel.links"] = links;
        }

        return expected;
    }

    private static JsonObject Typed(SpanAttribute[] attributes)
    {
        var result = new JsonObject();
        foreach (var (key, value) in attributes)
        {
            result[key] = value.Type switch
            {
                AttributeType.Bool => JsonValue.Create(value.Bool),
                AttributeType.Int => JsonValue.Create(value.Int),
                AttributeType.Double => JsonValue.Create(value.Double),
                _ => JsonValue.Create(value.String),
            };
        }

        return result;
    }

    private static Dictionary<string, JsonNode> ById(byte[] body) =>
        JsonNode.Parse(body)!.AsArray().ToDictionary(s => s!["id"]!.GetValue<string>(), s => s!);

    /// <summary>Objects with sorted keys (so tag order does not count), and the JSON we embed in strings parsed.</summary>
    private static string Canonical(JsonNode span)
    {
        var copy = span.DeepClone();
        if (copy["tags"]?["otel.links"] is JsonValue links)
        {
            copy["tags"]!["otel.links"] = JsonNode.Parse(links.GetValue<string>());
        }

        foreach (var annotation in copy["annotations"]?.AsArray() ?? [])
        {
            if (annotation!["value"] is JsonValue value && value.GetValue<string>().StartsWith('"'))
            {
                annotation["value"] = JsonNode.Parse("{" + value.GetValue<string>() + "}");
            }
        }

        return Sorted(copy)!.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    private static TraceId ParseTraceId(string hex) =>
        TraceId.TryParse(System.Text.Encoding.ASCII.GetBytes(hex), out var id) ? id : throw new FormatException(hex);

    private static SpanId ParseSpanId(string hex) =>
        SpanId.TryParse(System.Text.Encoding.ASCII.GetBytes(hex), out var id) ? id : throw new FormatException(hex);

    private sealed class CapturingTransport : IExportTransport
    {
        public List<byte[]> Bodies { get; } = [];

        public ExportResult Send(ReadOnlyMemory<byte> body)
        {
            Bodies.Add(body.ToArray());
            return ExportResult.Success;
        }

        public void Dispose()
        {
        }
    }
}
