using System.Text;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Otlp;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed class OtlpTraceEncoderTests
{
    private static readonly ExportResource s_resource = new("svc", [new("service.name", "svc")], "scope", null);

    [Fact]
    public void ARootSpanWithoutExtrasCarriesNoParentNoStatusAndNoCounts()
    {
        var span = new SpanRecord { TraceId = new TraceId(1, 2), SpanId = new SpanId(3), Name = "root", StartUnixNano = 10, EndUnixNano = 20 };

        var fields = Fields(Encode(span));

        Assert.Equal([1, 2, 5, 6, 7, 8, 16], fields.Select(f => f.Number).Order());
        Assert.Equal(0x101UL, fields.Single(f => f.Number == 16).Scalar);
        Assert.Equal("0000000000000001" + "0000000000000002", Convert.ToHexStringLower(fields[0].Bytes!));
    }

    [Fact]
    public void DroppedCountsUseTheirOwnFields()
    {
        var span = new SpanRecord
        {
            TraceId = new TraceId(1, 2),
            SpanId = new SpanId(3),
            ParentSpanId = new SpanId(4),
            ParentIsRemote = true,
            Name = "capped",
            DroppedAttributesCount = 5,
            DroppedEventsCount = 6,
            DroppedLinksCount = 7,
        };

        var fields = Fields(Encode(span)).ToDictionary(f => f.Number);

        Assert.Equal(5UL, fields[10].Scalar);
        Assert.Equal(6UL, fields[12].Scalar);
        Assert.Equal(7UL, fields[14].Scalar);
        Assert.Equal(0x301UL, fields[16].Scalar);
        Assert.Equal("0000000000000004", Convert.ToHexStringLower(fields[4].Bytes!));
    }

    [Fact]
    public void AWarmEncoderAllocatesNothingPerBatch()
    {
        var spans = Enumerable.Range(0, 64).Select(i =>
        {
            var span = new SpanRecord { TraceId = new TraceId(1, (ulong)i + 1), SpanId = new SpanId((ulong)i + 1), Name = $"span {i}", Kind = SpanKind.Server };
            span.SetAttribute("http.request.method", "GET");
            span.SetAttribute("http.response.status_code", 200L);
            span.SetAttribute("long", new string('x', 500));
            span.AddEvent("event", 5, new SpanAttribute("ok", true));
            span.SetStatus(SpanStatusCode.Error, "boom");
            return span;
        }).ToArray();
        var encoder = new OtlpTraceEncoder(s_resource, 1024);
        encoder.Encode(spans);
        var capacity = encoder.Capacity;

        var allocated = Allocations.SteadyState(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                encoder.Encode(spans);
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(capacity, encoder.Capacity);
    }

    [Fact]
    public void AnEmptyBatchIsNotSent()
    {
        var transport = new CountingTransport();
        using var exporter = EncodingExporter.Otlp(transport, s_resource);

        Assert.Equal(ExportResult.Success, exporter.Export([]));
        Assert.Equal(0, transport.Sends);
        Assert.True(exporter.Shutdown(TimeSpan.Zero));
        Assert.Equal(ExportResult.Failure, exporter.Export([new SpanRecord { Name = "late" }]));
        Assert.Equal(0, transport.Sends);
    }

    private static byte[] Encode(SpanRecord span) => new OtlpTraceEncoder(s_resource).Encode([span]).ToArray();

    private static IReadOnlyList<ProtoField> Fields(byte[] request)
    {
        var span = ProtoMessage.Decode(request, OtlpSchema.Request).Message(1).Message(2).Message(2);
        Assert.Equal("Span", span.Type);
        Assert.Contains(span.Fields, f => f.Number == 5 && Encoding.UTF8.GetString(f.Bytes!).Length > 0);
        return span.Fields;
    }

    /// <summary>Counts what reaches it, to show what the exporter does not send.</summary>
    private sealed class CountingTransport : IExportTransport
    {
        public int Sends { get; private set; }

        public ExportResult Send(ReadOnlyMemory<byte> body)
        {
            Sends++;
            return ExportResult.Success;
        }

        public void Dispose()
        {
        }
    }
}
