using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Transport;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Export.Transport;

public sealed class HttpExportTransportTests
{
    private static readonly byte[] Body = [10, 3, 1, 2, 3, 0xff, 0x00, 0x7f];

    private readonly ManualRetryClock _clock = new();
    private readonly TransportCounters _counters = new();

    private HttpExportTransport Transport(Uri url, ExportCompression compression = ExportCompression.None, TransportSecurity? tls = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null, RetryClock? clock = null, double timeoutSeconds = 10) =>
        new(url, "application/x-protobuf", headers ?? [], compression, tls,
            new RetryPolicy(TimeSpan.FromSeconds(timeoutSeconds), _counters, clock ?? _clock, new Random(7)));

    private static Uri Traces(LoopbackHttpReceiver receiver) => new(receiver.BaseUri, "/v1/traces");

    [Fact]
    public void PostsTheBodyWithItsContentTypeAndTheUserHeadersOnABlockingSocket()
    {
        using var receiver = new LoopbackHttpReceiver();
        using var transport = Transport(Traces(receiver), headers: [new("api-key", "secret"), new("x-tenant", "a,b")]);

        Assert.Equal(ExportResult.Success, transport.Send(Body));
        Assert.Equal(ExportResult.Success, transport.Send(Body));

        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count);
        var request = requests[0];
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/traces", request.PathAndQuery);
        Assert.Equal("application/x-protobuf", request.Headers["content-type"]);
        Assert.Equal("secret", request.Headers["api-key"]);
        Assert.Equal("a,b", request.Headers["x-tenant"]);
        Assert.False(request.Headers.ContainsKey("content-encoding"));
        Assert.Equal(Body, request.Body);
        Assert.Equal(2, _counters.Succeeded);
        AssertBlocking(transport);
    }

    [Fact]
    public void GzipCompressesTheBodyAndSaysSo()
    {
        using var receiver = new LoopbackHttpReceiver();
        using var transport = Transport(Traces(receiver), ExportCompression.Gzip);
        var body = Enumerable.Range(0, 4000).Select(i => (byte)(i % 7)).ToArray();

        Assert.Equal(ExportResult.Success, transport.Send(body));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("gzip", request.Headers["content-encoding"]);
        Assert.True(request.Body.Length < body.Length);
        Assert.Equal(body, Gunzip(request.Body));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void EachRetryableStatusIsRetriedThenSucceeds(int status)
    {
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer(status);
        using var transport = Transport(Traces(receiver));

        Assert.Equal(ExportResult.Success, transport.Send(Body));

        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(Body, r.Body));
        Assert.Equal(1, _counters.Retries);
        Assert.InRange(Assert.Single(_clock.Sleeps), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void RetryAfterInSecondsOrAsADateIsHonoured()
    {
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer(503, "3");
        receiver.Answer(429, (_clock.UtcNow + TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(2)).ToString("r", CultureInfo.InvariantCulture));
        using var transport = Transport(Traces(receiver));

        Assert.Equal(ExportResult.Success, transport.Send(Body));

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)], _clock.Sleeps);
    }

    [Fact]
    public void RetryableAnswersStopAtTheExportTimeout()
    {
        using var receiver = new LoopbackHttpReceiver();
        for (var i = 0; i < 20; i++)
        {
            receiver.Answer(503);
        }

        using var transport = Transport(Traces(receiver), timeoutSeconds: 5);

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        Assert.True(_clock.Sleeps.Sum(s => s.TotalSeconds) < 5);
        Assert.Equal(receiver.Requests.Count - 1, _counters.Retries);
        Assert.Equal(1, _counters.Failed(ExportFailureReason.RetriesExhausted));
        Assert.Equal("HTTP 503 Service Unavailable", transport.LastFailure);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(500)]
    public void OtherStatusesAreDroppedAtOnce(int status)
    {
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer(status, "1");
        using var transport = Transport(Traces(receiver));

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        Assert.Single(receiver.Requests);
        Assert.Empty(_clock.Sleeps);
        Assert.Equal(1, _counters.Failed(ExportFailureReason.Rejected));
    }

    [Fact]
    public void ACollectorThatNeverAnswersCostsNoMoreThanTheTimeout()
    {
        using var receiver = new LoopbackHttpReceiver { Silent = true };
        using var transport = Transport(Traces(receiver), clock: RetryClock.System, timeoutSeconds: 0.5);
        var watch = Stopwatch.StartNew();

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        watch.Stop();
        Assert.Single(receiver.Requests);
        Assert.Equal(1, _counters.Failed(ExportFailureReason.Timeout));
        // The receive timed out in the kernel at the export deadline (generous bound: the machine is shared).
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ARefusedConnectFailsAtOnce()
    {
        using var transport = Transport(new Uri($"http://127.0.0.1:{ClosedPort()}/v1/traces"));

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        Assert.Equal(1, _counters.Failed(ExportFailureReason.Unreachable));
        Assert.Equal(0, _counters.Retries);
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public void TlsWithACustomCaOnTheBlockingSocket()
    {
        using var certificates = new TestCertificates();
        using var receiver = new LoopbackHttpReceiver(certificates.Server);
        using var transport = Transport(Traces(receiver), tls: TransportSecurity.FromFiles(certificates.CaFile, null, null));

        Assert.Equal(ExportResult.Success, transport.Send(Body));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(Body, request.Body);
        Assert.Equal($"127.0.0.1:{receiver.BaseUri.Port}", request.Headers["host"]);
        Assert.Empty(receiver.ClientCertificates);
        AssertBlocking(transport);
    }

    [Fact]
    public void TlsWithoutTheCaIsRefused()
    {
        using var certificates = new TestCertificates();
        using var receiver = new LoopbackHttpReceiver(certificates.Server);
        using var transport = Transport(Traces(receiver));

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        Assert.Empty(receiver.Requests);
        Assert.Equal(1, _counters.Failed(ExportFailureReason.Unreachable));
    }

    [Fact]
    public void MutualTlsPresentsTheClientCertificate()
    {
        using var certificates = new TestCertificates();
        using var receiver = new LoopbackHttpReceiver(certificates.Server, certificates.Issued);
        using var transport = Transport(Traces(receiver),
            tls: TransportSecurity.FromFiles(certificates.CaFile, certificates.ClientCertificateFile, certificates.ClientKeyFile));

        Assert.Equal(ExportResult.Success, transport.Send(Body));

        Assert.Equal(Body, Assert.Single(receiver.Requests).Body);
        Assert.Equal(certificates.Client.Thumbprint, Assert.Single(receiver.ClientCertificates).Thumbprint);
    }

    [Fact]
    public void MutualTlsWithoutAClientCertificateIsRefused()
    {
        using var certificates = new TestCertificates();
        using var receiver = new LoopbackHttpReceiver(certificates.Server, certificates.Issued);
        using var transport = Transport(Traces(receiver), tls: TransportSecurity.FromFiles(certificates.CaFile, null, null));

        Assert.Equal(ExportResult.Failure, transport.Send(Body));

        Assert.Empty(receiver.Requests);
    }

    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void AssertBlocking(HttpExportTransport transport)
    {
        var socket = transport.Connector.Current!;
        Assert.True(socket.Blocking);
        Assert.Equal(0, BlockingConnectorTests.DescriptorFlags(socket) & BlockingConnectorTests.NonBlockingFlag);
    }

    internal static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
