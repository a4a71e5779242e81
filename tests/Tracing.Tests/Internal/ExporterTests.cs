using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Internal;

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

    [Theory]
    [InlineData(OtlpProtocol.HttpProtobuf, null, true)]
    [InlineData(OtlpProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_CERTIFICATE", false)]
    [InlineData(OtlpProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", false)]
    [InlineData(OtlpProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_CLIENT_KEY", false)]
    [InlineData(OtlpProtocol.Grpc, null, false)]
    public void OtlpHttpUsesItsBlockingClientUnlessTheSdkMustSetUpCertificates(OtlpProtocol protocol, string? variable, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "https://collector:4318" };
        if (variable is not null)
        {
            environment[variable] = "/etc/ssl/otel/cert.pem";
        }

        Assert.Equal(expected, ExporterFactory.UsesExportHttpClient(protocol, name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void ResourceHasTheServiceNameOverOurAttributes()
    {
        var options = new TracingOptions { ServiceName = "edge" };
        options.ResourceAttributes["service.name"] = "loser";
        options.ResourceAttributes["team"] = "net";

        var attributes = ExporterFactory.CreateResource(options).Build().Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("edge", attributes["service.name"]);
        Assert.Equal("net", attributes["team"]);
        Assert.Contains("telemetry.sdk.name", attributes.Keys);
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
            Headers = "x-api-key=abc123",
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
            Assert.Equal("/v1/traces", request.Path);
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
        Assert.Equal("/api/v2/spans", request.Path);
        var body = Encoding.UTF8.GetString(request.Body);
        Assert.Contains("\"HAProxy session\"", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"zip\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void FullQueueDropsAndCountsWithoutBlockingTheProducer()
    {
        var metrics = new TracingMetrics();
        var options = new TracingOptions { MaxExportQueueSize = 2, MaxExportBatchSize = 1, ScheduledExportDelay = TimeSpan.FromMilliseconds(10) };
        using var gate = new ManualResetEventSlim(false);
        var exporter = new GatedExporter(gate);
        using var processor = new BoundedBatchExportProcessor(exporter, options, metrics, NullLogger.Instance);
        metrics.SetQueueDepthSource(() => processor.QueueDepth);
        EndSpans(processor, 10);

        // At most one batch sits in the blocked exporter and two spans in the queue: the rest were dropped.
        Assert.InRange(metrics.ExportDropped, 7, 9);
        Assert.InRange(metrics.ExportQueueDepth, 1, 2);
        gate.Set();
        Assert.True(processor.ForceFlush(30_000));
        Assert.Equal(10, metrics.ExportDropped + metrics.Exported);
        Assert.Equal(0, metrics.ExportQueueDepth);
        Assert.Equal(metrics.Exported, exporter.Count);
        Assert.True(processor.Shutdown(30_000));
    }

    [Fact]
    public void FullBatchesLeaveAtOnceAndTheRemainderWaitsForTheDelayOrAFlush()
    {
        var metrics = new TracingMetrics();
        var options = new TracingOptions { MaxExportBatchSize = 4, ScheduledExportDelay = TimeSpan.FromMinutes(10) };
        var exporter = new RecordingExporter();
        using var processor = new BoundedBatchExportProcessor(exporter, options, metrics, NullLogger.Instance);
        EndSpans(processor, 10);

        Assert.True(SpinWait.SpinUntil(() => exporter.Count == 8, TimeSpan.FromSeconds(30)));
        // The two left over are not a batch: they wait, as the SDK's processor lets them. Two more make a full one,
        // which leaves at once; had the two gone out alone, the third batch would be a 2.
        EndSpans(processor, 2);
        Assert.True(SpinWait.SpinUntil(() => exporter.BatchSizes.Length >= 3, TimeSpan.FromSeconds(30)));
        Assert.Equal([4, 4, 4], exporter.BatchSizes);
        // A remainder also leaves on a flush.
        EndSpans(processor, 2);
        Assert.True(processor.ForceFlush(30_000));
        Assert.Equal([4, 4, 4, 2], exporter.BatchSizes);
        Assert.True(processor.Shutdown(30_000));
    }

    [Fact]
    public void ConsoleExporterPrintsTheTraceAsATreeWhenTheRootEnds()
    {
        using var h = new EngineHarness();
        foreach (var frame in SeedMessages.Request("console-1"))
        {
            h.Send(frame);
            h.Time.Advance(TimeSpan.FromMilliseconds(3));
        }

        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output);
        var spans = h.Exported.ToArray();
        Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>(spans, spans.Length - 1)));
        Assert.Empty(output.ToString());
        Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>([spans[^1]], 1)));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"trace {spans[0].TraceId}", lines[0], StringComparison.Ordinal);
        Assert.Contains("spans=9", lines[0], StringComparison.Ordinal);
        string[] expected =
        [
            "  HAProxy session  ",
            "    Client session  ",
            "      Frontend TCP request  ",
            "        Frontend HTTP request  ",
            "          Backend TCP request  ",
            "            Backend HTTP request  ",
            "    Server session  ",
            "      TCP response  ",
            "        HTTP response  ",
        ];
        Assert.Equal(expected.Length + 1, lines.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], lines[i + 1], StringComparison.Ordinal);
            Assert.Contains(" ms", lines[i + 1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ConsoleExporterFlushPrintsIncompleteTraces()
    {
        using var h = new EngineHarness();
        foreach (var frame in SeedMessages.RequestSide("console-2"))
        {
            h.Send(frame);
        }

        var output = new StringWriter();
        using var exporter = new ConsoleTreeExporter(output);
        var spans = h.Exported.ToArray();
        exporter.Export(new Batch<Activity>(spans, spans.Length));
        Assert.Empty(output.ToString());
        Assert.True(exporter.ForceFlush());

        var text = output.ToString();
        Assert.Contains("(incomplete)", text, StringComparison.Ordinal);
        Assert.Contains("  Frontend TCP request  ", text, StringComparison.Ordinal);
    }

    /// <summary>Hands <paramref name="count"/> ended spans to <paramref name="processor"/>, as the SDK does.</summary>
    private static void EndSpans(BoundedBatchExportProcessor processor, int count)
    {
        using var source = new ActivitySource("processor-test-" + Guid.NewGuid().ToString("n"));
        using var listener = RecordAll(source.Name);
        for (var i = 0; i < count; i++)
        {
            var activity = source.StartActivity("s" + i)!;
            activity.Stop();
            processor.OnEnd(activity);
        }
    }

    private static ActivityListener RecordAll(string sourceName)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private sealed class RecordingExporter : BaseExporter<Activity>
    {
        private readonly List<int> _batchSizes = new();

        public int Count
        {
            get
            {
                lock (_batchSizes)
                {
                    return _batchSizes.Sum();
                }
            }
        }

        public int[] BatchSizes
        {
            get
            {
                lock (_batchSizes)
                {
                    return _batchSizes.ToArray();
                }
            }
        }

        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (_batchSizes)
            {
                _batchSizes.Add((int)batch.Count);
            }

            return ExportResult.Success;
        }
    }

    private sealed class GatedExporter(ManualResetEventSlim gate) : BaseExporter<Activity>
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ExportResult Export(in Batch<Activity> batch)
        {
            gate.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Add(ref _count, (int)batch.Count);
            return ExportResult.Success;
        }
    }
}
