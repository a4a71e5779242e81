using System.Buffers.Binary;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using ExportResult = SpoaOpenTracing.Tracing.Export.ExportResult;
using SpoaOpenTracing.Tracing.Export.Transport;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Export.Transport;

/// <summary>The OpenTelemetry SDK's OTLP/gRPC exporter and our transport, sending to the same receiver, must put
/// the same call on the wire: path, content-type, te, framing.</summary>
public sealed class GrpcOracleTests
{
    [Fact]
    public async Task OurCallLooksLikeTheSdksCall()
    {
        await using var receiver = await LoopbackGrpcReceiver.StartAsync();
        using (var source = new ActivitySource("oracle"))
        using (var listener = new ActivityListener { ShouldListenTo = s => s == source, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded })
        {
            ActivitySource.AddActivityListener(listener);
            using var activity = source.StartActivity("span")!;
            activity.Stop();
            using var sdk = new OtlpTraceExporter(new OtlpExporterOptions { Protocol = OtlpExportProtocol.Grpc, Endpoint = receiver.BaseUri });
            Assert.Equal(OpenTelemetry.ExportResult.Success, sdk.Export(new Batch<Activity>([activity], 1)));
        }

        var theirs = Assert.Single(receiver.Calls);
        // Our transport sends the SDK's own message, so only the transport can differ.
        using var ours = new GrpcExportTransport(receiver.BaseUri, [], ExportCompression.None, null,
            new RetryPolicy(TimeSpan.FromSeconds(10), new TransportCounters()));
        Assert.Equal(ExportResult.Success, ours.Send(theirs.Body[5..]));

        var mine = receiver.Calls[1];
        Assert.Equal(theirs.Protocol, mine.Protocol);
        Assert.Equal(theirs.Path, mine.Path);
        Assert.Equal(theirs.Headers["content-type"], mine.Headers["content-type"]);
        Assert.Equal(theirs.Headers["te"], mine.Headers["te"]);
        Assert.Equal(theirs.Headers.ContainsKey("grpc-encoding"), mine.Headers.ContainsKey("grpc-encoding"));
        Assert.Equal(theirs.Body[0], mine.Body[0]);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(theirs.Body.AsSpan(1)), BinaryPrimitives.ReadUInt32BigEndian(mine.Body.AsSpan(1)));
        Assert.Equal(theirs.Body, mine.Body);
    }
}
