using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Otlp;
using SpoaOpenTracing.Tracing.Export.Transport;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>Spans whose ids somebody else chose (HAProxy, in log and one-exchange mode) leave with exactly those ids.</summary>
public sealed class GivenIdsTests
{
    [Fact]
    public void ASpanBuiltFromGivenIdsIsExportedWithThem()
    {
        Assert.True(TraceId.TryParse("4bf92f3577b34da6a3ce929d0e0e4736"u8, out var traceId));
        Assert.True(SpanId.TryParse("00f067aa0ba902b7"u8, out var spanId));
        Assert.True(SpanId.TryParse("b7ad6b7169203331"u8, out var parentId));
        var span = new SpanRecord
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentId,
            ParentIsRemote = true,
            Name = "GET /",
            Kind = SpanKind.Server,
            StartUnixNano = 1_700_000_000_000_000_000,
            EndUnixNano = 1_700_000_000_001_000_000,
        };

        using var receiver = new LoopbackHttpReceiver();
        var options = new TracingOptions { Exporter = ExporterKind.Otlp, OtlpProtocol = OtlpProtocol.HttpProtobuf, Endpoint = receiver.BaseUri };
        using var transport = TransportFactory.CreateOtlp(options, new TransportCounters());
        using var exporter = EncodingExporter.Otlp(transport, ExportResource.From(options, "test"));
        Assert.Equal(ExportResult.Success, exporter.Export([span]));

        var request = ProtoMessage.Decode(Assert.Single(receiver.Requests).Body, OtlpSchema.Request);
        var exported = request.Message(1).Message(2).Message(2);
        Assert.Equal(Convert.FromHexString("4bf92f3577b34da6a3ce929d0e0e4736"), Bytes(exported, 1));
        Assert.Equal(Convert.FromHexString("00f067aa0ba902b7"), Bytes(exported, 2));
        Assert.Equal(Convert.FromHexString("b7ad6b7169203331"), Bytes(exported, 4));
    }

    private static byte[] Bytes(ProtoMessage message, int field) => message.All(field).Single().Bytes!;
}
