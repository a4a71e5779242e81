using System.Globalization;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// examples/haproxy-htx.cfg: requests over the TLS bind (ALPN h2 and http/1.1) are traced by the built agent like
/// plain ones, with the negotiated HTTP version in the trace.
/// </summary>
[Collection(HaproxyCollection.Name)]
public sealed class HttpsTests
{
    [Theory]
    [InlineData("2.0")]
    [InlineData("1.1")]
    public async Task A_request_over_the_tls_bind_yields_the_nine_spans_with_its_http_version(string version)
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        await using var backend = await BackendServer.StartAsync();
        var agentPort = Ports.GetFreeTcpPort();
        using var agent = await AgentLauncher.StartAsync(agentPort, AgentLauncher.OtlpTo(receiver, "spoa-e2e-https", TimeSpan.FromMilliseconds(100)), "-Totlp-http");

        var frontendPort = Ports.GetFreeTcpPort();
        var httpsPort = Ports.GetFreeTcpPort();
        var files = ProgramExamples.Load(ProgramExamples.Https, frontendPort, backend.Port, agentPort,
            (ProgramExamples.HttpsAddress, "127.0.0.1:" + httpsPort.ToString(CultureInfo.InvariantCulture)));
        // The example's "crt ssl-cert.pem" is relative to HAProxy's working directory, where every file lands.
        files["ssl-cert.pem"] = SelfSignedCertificate.CreatePem();
        await using var haproxy = await HaproxyProcess.StartAsync(files, ProgramExamples.Https, new Dictionary<string, string>(), httpsPort);

        var url = $"/?https={Guid.NewGuid():N}";
        using (var handler = new SocketsHttpHandler())
        {
            // The certificate was made a moment ago by this test; trusting it is the point, not checking it.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            using var http = new HttpClient(handler)
            {
                BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}"),
                DefaultRequestVersion = Version.Parse(version),
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Timeout = AgentLauncher.SafetyNet,
            };
            using var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Version.Parse(version), response.Version);
            Assert.Equal("", string.Join(",", response.Headers.GetValues("X-SPOE-Error")));
            Assert.Equal(BackendServer.Body, await response.Content.ReadAsStringAsync());
        }

        // HAProxy's "url" sample is the request target as received: HTTP/2 carries the absolute form (:scheme and
        // :authority), HTTP/1.1 the origin form.
        var tracedUrl = version == "2.0" ? $"https://127.0.0.1:{httpsPort}{url}" : url;
        var spans = await receiver.Spans.WaitAsync(s => TraceOf(s, tracedUrl).Count >= 9, AgentLauncher.SafetyNet);
        var trace = AssertShape(TraceOf(spans, tracedUrl), [.. Shape.Keys]);
        Assert.Equal("HTTP/" + version, trace[FrontendHttpRequest].Attributes["http.version"]);
        Assert.Equal(200L, trace[HttpResponse].Attributes["http.status_code"]);
        Assert.Empty(receiver.Errors);
    }
}
