using System.Diagnostics;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Otlp;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;
using ExportResult = SpoaOpenTracing.Tracing.Export.ExportResult;
using SpanKind = SpoaOpenTracing.Tracing.Spans.SpanKind;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>
/// The compatibility oracle: the same spans exported by our OTLP exporter (<see cref="EncodingExporter.Otlp"/>) and by the OpenTelemetry
/// SDK's OTLP exporter (HTTP/protobuf), both to one loopback receiver, must decode to the same field tree. Resource
/// attributes may differ in <c>telemetry.sdk.*</c> and <c>service.instance.id</c> only, and are compared as the set
/// they are.
/// </summary>
public sealed class OtlpOracleTests
{
    private static readonly SpanAttribute[] s_everyType =
    [
        new("http.request.method", "GET"),
        new("empty", ""),
        new("bool.true", true),
        new("bool.false", false),
        new("int.zero", 0L),
        new("int.small", 42L),
        new("int.negative", -7L),
        new("int.max", long.MaxValue),
        new("int.min", long.MinValue),
        new("double.zero", 0.0),
        new("double", 1.5),
        new("double.negative", -1234.5678e-9),
        new("unicode.ключ ✓", "héllo wörld, 日本語, 🎉"),
        new("string.300", new string('x', 300)),
        new("string.20k", string.Concat(Enumerable.Repeat("ünïcødé-", 2_500))),
    ];

    [Fact]
    public void EveryShapeOfSpanEncodesAsTheSdkEncodesIt()
    {
        var trace = IdGenerator.NewTraceId();
        var remoteParent = IdGenerator.NewSpanId();
        var local = IdGenerator.NewSpanId();
        var other = IdGenerator.NewTraceId();
        SpanSpec[] specs =
        [
            new("root", SpanKind.Server, trace) { Attributes = s_everyType },
            new("child of a remote parent", SpanKind.Client, trace, remoteParent, ParentIsRemote: true, TraceState: "vendor=abc,other=1")
            {
                Attributes = [new("peer.service", "backend")],
            },
            new("local child", SpanKind.Internal, trace, local),
            new("events", SpanKind.Producer, trace, local)
            {
                Events =
                [
                    ("with attributes", TimeSpan.FromTicks(1_000), [new("event.string", "v"), new("event.int", 3L), new("event.bool", true), new("event.double", 2.25)]),
                    ("without attributes", TimeSpan.FromTicks(2_000), []),
                    ("unicode événement ✓", TimeSpan.FromTicks(3_000), [new("long", new string('é', 200))]),
                ],
            },
            new("links", SpanKind.Consumer, trace, local)
            {
                Links =
                [
                    (trace, local, null, [new("opentracing.ref_type", "follows_from"), new("link.int", 9L)]),
                    (other, remoteParent, "k=v", []),
                ],
            },
            new("error", SpanKind.Server, trace, local) { Status = SpanStatusCode.Error, StatusDescription = "upstream said 503 ✗" },
            new("error without description", SpanKind.Internal, trace, local) { Status = SpanStatusCode.Error },
            new("ok", SpanKind.Client, trace, local) { Status = SpanStatusCode.Ok },
            new("unicode name: ŝpäñ ✓ 🎉", SpanKind.Internal, trace, local),
            new(new string('n', 5_000), SpanKind.Internal, trace, local) { Duration = TimeSpan.FromTicks(1) },
        ];

        var (ours, theirs) = ExportBoth(specs, scopeVersion: null);

        Assert.Equal(specs.Length, Spans(theirs).Count());
        Assert.Equal(theirs.Print(), ours.Print());
    }

    [Fact]
    public void ManySpansInOneBatchWithAScopeVersion()
    {
        var kinds = Enum.GetValues<SpanKind>();
        var specs = new List<SpanSpec>();
        for (var i = 0; i < 300; i++)
        {
            var trace = IdGenerator.NewTraceId();
            specs.Add(new SpanSpec($"span {i}", kinds[i % kinds.Length], trace, i % 3 == 0 ? default : IdGenerator.NewSpanId(), ParentIsRemote: i % 5 == 0)
            {
                Start = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc).AddTicks(i * 7_919),
                // Not zero: an Activity stretches a zero duration to one tick, which our records do not.
                Duration = TimeSpan.FromTicks(1 + (i * 131)),
                Attributes = [new("i", (long)i), new("name", $"value {i}"), new("odd", i % 2 == 1), new("ratio", i / 7.0)],
                Events = i % 4 == 0 ? [("tick", TimeSpan.FromTicks(i), [new("n", (long)i)])] : [],
                Status = (SpanStatusCode)(i % 3),
                StatusDescription = i % 3 == 2 ? $"failure {i}" : null,
            });
        }

        var (ours, theirs) = ExportBoth(specs, scopeVersion: "1.2.3");

        Assert.Equal(specs.Count, Spans(theirs).Count());
        Assert.Equal(theirs.Print(), ours.Print());
    }

    private static (ProtoMessage Ours, ProtoMessage Theirs) ExportBoth(IReadOnlyList<SpanSpec> specs, string? scopeVersion)
    {
        // A source of its own: the SDK listens by name, and tests run in parallel.
        var sourceName = "oracle-" + Guid.NewGuid().ToString("N");
        var options = new TracingOptions { ServiceName = "oracle-svc" };
        options.ResourceAttributes["deployment.environment"] = "test";
        var resource = ExportResource.From(options, sourceName);
        resource = new ExportResource(resource.ServiceName, resource.Attributes, resource.ScopeName, scopeVersion);
        using var receiver = new LoopbackHttpReceiver();
        var url = new Uri(receiver.BaseUri, "/v1/traces");
        using var source = new ActivitySource(sourceName, scopeVersion);

        var records = new List<SpanRecord>();
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetSampler(new AlwaysOnSampler())
            // The resource as the agent built it when the SDK exported its spans (ExporterFactory.CreateResource).
            .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                .AddTelemetrySdk()
                .AddAttributes(resource.Attributes.Where(a => a.Key != "service.name").Select(a => new KeyValuePair<string, object>(a.Key, a.Value.ToObject())))
                .AddService(resource.ServiceName))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = url;
                o.ExportProcessorType = ExportProcessorType.Batch;
                o.BatchExportProcessorOptions = new BatchExportProcessorOptions<Activity>
                {
                    MaxQueueSize = 4096,
                    MaxExportBatchSize = 4096,
                    ScheduledDelayMilliseconds = 600_000,
                };
            })
            .Build())
        {
            foreach (var spec in specs)
            {
                records.Add(spec.Build(source).Ours);
            }

            Assert.True(provider.ForceFlush(30_000));
        }

        var theirs = Assert.Single(receiver.Requests);
        using (var exporter = EncodingExporter.Otlp(new HttpPostTransport(url), resource))
        {
            Assert.Equal(ExportResult.Success, exporter.Export(records.ToArray()));
        }

        var ours = receiver.Requests[1];
        Assert.Equal("/v1/traces", ours.PathAndQuery);
        return (Normalize(ProtoMessage.Decode(ours.Body, OtlpSchema.Request)), Normalize(ProtoMessage.Decode(theirs.Body, OtlpSchema.Request)));
    }

    private static IEnumerable<ProtoField> Spans(ProtoMessage request) =>
        request.All(1).SelectMany(r => r.Message!.All(2)).SelectMany(s => s.Message!.All(2));

    /// <summary>Resource attributes as a set, without the ones that name the SDK or differ per process.</summary>
    private static ProtoMessage Normalize(ProtoMessage request) =>
        request.With(1, resourceSpans => resourceSpans.Select(rs => rs with
        {
            Message = rs.Message!.With(1, resources => resources.Select(r => r with
            {
                Message = r.Message!.With(1, attributes => attributes.Where(a => !IsPerSdk(Key(a))).OrderBy(Key, StringComparer.Ordinal).ToList()),
            }).ToList()),
        }).ToList());

    private static string Key(ProtoField keyValue) => Encoding.UTF8.GetString(keyValue.Message!.All(1).Single().Bytes!);

    private static bool IsPerSdk(string key) => key.StartsWith("telemetry.sdk.", StringComparison.Ordinal) || key == "service.instance.id";
}
