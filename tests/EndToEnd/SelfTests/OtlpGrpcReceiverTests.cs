using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.SelfTests;

/// <summary>The OTLP/gRPC receiver against the real OpenTelemetry .NET OTLP/gRPC exporter, and raw HTTP/2 calls for
/// what that exporter does not send (a gzip message, a broken prefix).</summary>
public sealed class OtlpGrpcReceiverTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Decodes_the_spans_the_OpenTelemetry_grpc_exporter_sends_and_answers_grpc_status_0()
    {
        await using var receiver = await OtlpGrpcReceiver.StartAsync();
        var sourceName = "e2e.selftest.otlp-grpc." + Guid.NewGuid().ToString("N");
        var finished = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = finished.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource(sourceName, "4.5.6");
        Activity parent, child;
        using (parent = source.StartActivity("grpc parent", ActivityKind.Server)!)
        {
            using (child = source.StartActivity("grpc child", ActivityKind.Client)!)
            {
                child.SetTag("attr.string", "text é");
                child.SetTag("attr.long", -42L);
                child.SetStatus(ActivityStatusCode.Error, "it broke");
            }
        }

        // The exporter called directly, so its own verdict on the answer is seen: Success only for HTTP 200, an
        // ExportTraceServiceResponse and grpc-status 0.
        using var exporter = new OtlpTraceExporter(new OtlpExporterOptions { Protocol = OtlpExportProtocol.Grpc, Endpoint = receiver.BaseAddress });
        Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>([.. finished], finished.Count)));
        var spans = await receiver.Spans.WaitAsync(2, SafetyNet);
        Assert.Empty(receiver.Errors);
        Assert.Equal(2, spans.Count);
        Assert.Equal(1, receiver.CallCount);

        var p = Assert.Single(spans, s => s.Name == "grpc parent");
        var c = Assert.Single(spans, s => s.Name == "grpc child");
        Assert.Equal(parent.TraceId.ToHexString(), p.TraceId);
        Assert.Equal(parent.SpanId.ToHexString(), p.SpanId);
        Assert.Equal(2, p.Kind);
        Assert.Equal(parent.TraceId.ToHexString(), c.TraceId);
        Assert.Equal(child.SpanId.ToHexString(), c.SpanId);
        Assert.Equal(parent.SpanId.ToHexString(), c.ParentSpanId);
        Assert.Equal(3, c.Kind);
        Assert.Equal("text é", c.Attributes["attr.string"]);
        Assert.Equal(-42L, c.Attributes["attr.long"]);
        Assert.Equal((2, "it broke"), (c.StatusCode, c.StatusMessage));
        Assert.Equal(sourceName, c.ScopeName);
        Assert.Equal("4.5.6", c.ScopeVersion);
    }

    [Fact]
    public async Task A_gzip_compressed_message_is_decompressed()
    {
        await using var receiver = await OtlpGrpcReceiver.StartAsync();
        var request = OneSpanRequest("gzipped span");
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(request);
        }

        var (status, grpcStatus) = await CallAsync(receiver, Prefixed(1, gzipped.ToArray()), "gzip");

        Assert.Equal((HttpStatusCode.OK, "0"), (status, grpcStatus));
        Assert.Empty(receiver.Errors);
        var span = Assert.Single(receiver.Spans.Snapshot());
        Assert.Equal("gzipped span", span.Name);
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", span.TraceId);
        Assert.Equal("1112131415161718", span.SpanId);
    }

    [Theory]
    [InlineData(0, 1, null)] // the prefix announces one byte more than follows
    [InlineData(1, 0, null)] // compressed, but no grpc-encoding
    [InlineData(2, 0, null)] // a compressed flag gRPC does not define
    public async Task A_message_it_cannot_read_gets_grpc_status_3_and_an_error(byte flag, int extraLength, string? encoding)
    {
        await using var receiver = await OtlpGrpcReceiver.StartAsync();
        var body = Prefixed(flag, OneSpanRequest("never decoded"));
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)(body.Length - OtlpGrpcReceiver.PrefixLength + extraLength));

        var (status, grpcStatus) = await CallAsync(receiver, body, encoding);

        Assert.Equal((HttpStatusCode.OK, "3"), (status, grpcStatus));
        Assert.Single(receiver.Errors);
        Assert.Equal(0, receiver.Spans.Count);
    }

    /// <summary>An h2c POST with prior knowledge, as a gRPC client makes it: the HTTP status and the grpc-status trailer.</summary>
    private static async Task<(HttpStatusCode Status, string? GrpcStatus)> CallAsync(OtlpGrpcReceiver receiver, byte[] body, string? encoding)
    {
        using var http = new HttpClient { Timeout = SafetyNet };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(receiver.BaseAddress, OtlpGrpcReceiver.ExportPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new(OtlpGrpcReceiver.ContentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        using var response = await http.SendAsync(request);
        var message = await response.Content.ReadAsByteArrayAsync();
        if (response.TrailingHeaders.TryGetValues("grpc-status", out var values) && values.Single() == "0")
        {
            // Success carries exactly one message: the empty ExportTraceServiceResponse.
            Assert.Equal(new byte[OtlpGrpcReceiver.PrefixLength], message);
        }

        return (response.StatusCode, response.TrailingHeaders.TryGetValues("grpc-status", out var status) ? status.Single() : null);
    }

    private static byte[] Prefixed(byte flag, byte[] message)
    {
        var body = new byte[OtlpGrpcReceiver.PrefixLength + message.Length];
        body[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)message.Length);
        message.CopyTo(body, OtlpGrpcReceiver.PrefixLength);
        return body;
    }

    /// <summary>ExportTraceServiceRequest { resource_spans { scope_spans { spans { trace_id, span_id, name } } } },
    /// encoded by hand from the OTLP field numbers.</summary>
    private static byte[] OneSpanRequest(string name)
    {
        byte[] span = [0x0A, 16, .. Enumerable.Range(1, 16).Select(i => (byte)i), 0x12, 8, .. Enumerable.Range(0x11, 8).Select(i => (byte)i),
            0x2A, (byte)name.Length, .. System.Text.Encoding.ASCII.GetBytes(name)];
        byte[] scopeSpans = [0x12, (byte)span.Length, .. span];
        byte[] resourceSpans = [0x12, (byte)scopeSpans.Length, .. scopeSpans];
        return [0x0A, (byte)resourceSpans.Length, .. resourceSpans];
    }
}
