using System.Buffers.Binary;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Transport;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Export.Transport;

public sealed class GrpcExportTransportTests
{
    private static readonly byte[] Body = [10, 3, 1, 2, 3, 0xff, 0x00, 0x7f];

    private readonly ManualRetryClock _clock = new();
    private readonly TransportCounters _counters = new();

    private GrpcExportTransport Transport(Uri endpoint, ExportCompression compression = ExportCompression.None,
        IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        new(endpoint, headers ?? [], compression, null, new RetryPolicy(TimeSpan.FromSeconds(10), _counters, _clock, new Random(7)));

    [Fact]
    public async Task SendsOneFramedUnaryCallOverCleartextHttp2()
    {
        await using var receiver = await LoopbackGrpcReceiver.StartAsync();
        using var transport = Transport(receiver.BaseUri, headers: [new("api-key", "secret")]);

        Assert.Equal(ExportResult.Success, transport.Send(Body));

        var call = Assert.Single(receiver.Calls);
        Assert.Equal("HTTP/2", call.Protocol);
        Assert.Equal(GrpcExportTransport.ExportPath, call.Path);
        Assert.Equal("application/grpc", call.Headers["content-type"]);
        Assert.Equal("trailers", call.Headers["te"]);
        Assert.Equal("secret", call.Headers["api-key"]);
        Assert.False(call.Headers.ContainsKey("grpc-encoding"));
        Assert.Equal(0, call.Body[0]);
        Assert.Equal((uint)Body.Length, BinaryPrimitives.ReadUInt32BigEndian(call.Body.AsSpan(1)));
        Assert.Equal(Body, call.Body[5..]);
        Assert.Equal(1, _counters.Succeeded);
    }

    [Fact]
    public async Task GzipSetsTheCompressedFlagAndTheEncoding()
    {
        await using var receiver = await LoopbackGrpcReceiver.StartAsync();
        using var transport = Transport(receiver.BaseUri, ExportCompression.Gzip);
        var body = Enumerable.Range(0, 4000).Select(i => (byte)(i % 7)).ToArray();

        Assert.Equal(ExportResult.Success, transport.Send(body));

        var call = Assert.Single(receiver.Calls);
        Assert.Equal("gzip", call.Headers["grpc-encoding"]);
        Assert.Equal(1, call.Body[0]);
        Assert.Equal((uint)(call.Body.Length - 5), BinaryPrimitives.ReadUInt32BigEndian(call.Body.AsSpan(1)));
        Assert.Equal(body, HttpExportTransportTests.Gunzip(call.Body[5..]));
    }

    [Theory]
    [InlineData(GrpcStatus.Unavailable, false)]
    [InlineData(GrpcStatus.Unavailable, true)]
    [InlineData(GrpcStatus.Cancelled, false)]
    [InlineData(GrpcStatus.DeadlineExceeded, true)]
    [InlineData(GrpcStatus.Aborted, false)]
    [InlineData(GrpcStatus.OutOfRange, false)]
    [InlineData(GrpcStatus.DataLoss, true)]
    public async Task RetryableStatusesAreRetriedThenSucceed(int status, bool trailersOnly)
    {
        await using var receiver = await LoopbackGrpcReceiver.StartAsync();
        receiver.Answer(status, "try later", trailersOnly: trailersOnly);
        using var transport = Transport(receiver.BaseUri);

        Assert.Equal(ExportResult.Success, transport.Send(Body));

        Assert.Equal(2, receiver.Calls.Count);
        Assert.Equal(1, _counters.Retries);
        Assert.Equal($"grpc-status {status}: try later", transport.LastFailure);
    }

    [Fact]
    public async Task RetryInfoSetsTheWaitAndMakesResourceExhaustedRetryable()
    {
        await using var receiver = await LoopbackGrpcReceiver.StartAsync();
        receiver.Answer(GrpcStatus.ResourceExhausted, "slow down", StatusWithRetryInfo(seconds: 2, nanos: 500_000_000));
        receiver.Answer(GrpcStatus.Unavailable, null, StatusWithRetryInfo(seconds: 1, nanos: 0), trailersOnly: true);
        using var transport = Transport(receiver.BaseUri);

        Assert.Equal(ExportResult.Success, transport.Send(Body));

        Assert.Equal(3, receiver.Calls.Count);
        Assert.Equal([TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(1)], _clock.Sleeps);
    }

    [Theory]
    [InlineData(GrpcStatus.ResourceExhausted, false)]
    [InlineData(3, false)] // INVALID_ARGUMENT
    [InlineData(GrpcStatus.Unauthenticated, true)]
    [InlineData(GrpcStatus.Unimplemented, true)]
    [InlineData(GrpcStatus.Internal, false)]
    public async Task OtherStatusesAreDroppedAtOnce(int status, bool trailersOnly)
    {
        await using var receiver = await LoopbackGrpcReceiver.StartAsync();
        receiver.Answer(status, "no", trailersOnly: trailersOnly);
        using var transport = Transport(receiver.BaseUri);

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        Assert.Single(receiver.Calls);
        Assert.Empty(_clock.Sleeps);
        Assert.Equal(1, _counters.Failed(ExportFailureReason.Rejected));
    }

    [Fact]
    public void ARefusedConnectFailsAtOnce()
    {
        using var transport = Transport(new Uri($"http://127.0.0.1:{HttpExportTransportTests.ClosedPort()}"));

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        Assert.Equal(1, _counters.Failed(ExportFailureReason.Unreachable));
        Assert.Empty(_clock.Sleeps);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("not base64!", null)]
    public void UnreadableDetailsGiveNoRetryDelay(string details, double? expected)
    {
        Assert.Equal(expected, GrpcStatus.RetryDelay(details)?.TotalSeconds);
    }

    [Fact]
    public void RetryDelayIsReadWithOrWithoutBase64Padding()
    {
        var padded = StatusWithRetryInfo(seconds: 3, nanos: 0);
        Assert.Equal(TimeSpan.FromSeconds(3), GrpcStatus.RetryDelay(padded));
        Assert.Equal(TimeSpan.FromSeconds(3), GrpcStatus.RetryDelay(padded.TrimEnd('=')));
    }

    [Fact]
    public void TheDeadlineIsSentInGrpcTimeoutForm()
    {
        Assert.Equal("1500m", GrpcExportTransport.GrpcTimeout(TimeSpan.FromSeconds(1.5)));
        Assert.Equal("200000S", GrpcExportTransport.GrpcTimeout(TimeSpan.FromSeconds(200_000)));
    }

    /// <summary>google.rpc.Status { code 8, message "x", details [Any { RetryInfo { retry_delay } }] } as gRPC sends it.</summary>
    internal static string StatusWithRetryInfo(long seconds, int nanos)
    {
        var duration = new List<byte>();
        duration.Add(0x08);
        duration.AddRange(Varint((ulong)seconds));
        if (nanos != 0)
        {
            duration.Add(0x10);
            duration.AddRange(Varint((ulong)nanos));
        }

        var retryInfo = Field(1, duration);
        var any = Field(1, System.Text.Encoding.ASCII.GetBytes("type.googleapis.com/google.rpc.RetryInfo")).Concat(Field(2, retryInfo)).ToList();
        // An unrelated detail first, so the reader has to look past it.
        var other = Field(1, System.Text.Encoding.ASCII.GetBytes("type.googleapis.com/google.rpc.DebugInfo")).Concat(Field(2, [0x0a, 0x00])).ToList();
        var status = new List<byte> { 0x08, 0x08 };
        status.AddRange(Field(2, "x"u8.ToArray()));
        status.AddRange(Field(3, other));
        status.AddRange(Field(3, any));
        return Convert.ToBase64String(status.ToArray());
    }

    private static List<byte> Field(int number, IReadOnlyCollection<byte> value)
    {
        var field = new List<byte> { (byte)((number << 3) | 2) };
        field.AddRange(Varint((ulong)value.Count));
        field.AddRange(value);
        return field;
    }

    private static IEnumerable<byte> Varint(ulong value)
    {
        while (value >= 0x80)
        {
            yield return (byte)(value | 0x80);
            value >>= 7;
        }

        yield return (byte)value;
    }
}
