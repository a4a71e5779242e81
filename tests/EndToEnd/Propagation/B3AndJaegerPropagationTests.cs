using System.Globalization;
using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Tracing.Propagation;

namespace SpoaOpenTracing.EndToEnd.Propagation;

/// <summary>
/// B3 (single and multiple headers) and Jaeger through real HAProxy 2.6 with the semconv preset: the request message
/// also reads those headers (the arguments README names), OTEL_PROPAGATORS selects the format, and haproxy.cfg forwards
/// the agent's context in that format. Expected headers follow the specifications (github.com/openzipkin/b3-propagation,
/// Jaeger's "Propagation Format"), not the agent's code.
/// </summary>
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class B3AndJaegerPropagationTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    private const int Server = 2;
    private const int Client = 3;

    /// <summary>Where haproxy-semconv.cfg sets the last context header for the server; the format's lines go after it.</summary>
    private const string LastInjectLine = "http-request set-header baggage %[var(txn.spoe.baggage)] if { var(txn.spoe.baggage) -m found }";

    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    /// <summary>The request message of spoe-semconv.cfg, with every B3 and Jaeger context argument added.</summary>
    private static readonly (string, string) ReadEveryFormat = ("traceparent=req.hdr(traceparent)",
        "traceparent=req.hdr(traceparent) b3=req.hdr(b3) x-b3-traceid=req.hdr(x-b3-traceid) x-b3-spanid=req.hdr(x-b3-spanid) " +
        "x-b3-sampled=req.hdr(x-b3-sampled) x-b3-flags=req.hdr(x-b3-flags) uber-trace-id=req.hdr(uber-trace-id)");

    [Fact]
    public async Task B3_single_header_is_continued_and_the_client_span_goes_to_the_server_as_b3()
    {
        var traceId = RandomHex(16);
        var parentId = RandomHex(8);
        var (server, client, received) = await RunAsync(Propagators.B3, new() { ["b3"] = $"{traceId}-{parentId}-1" },
            "http-request set-header b3 %[var(txn.spoe.b3)] if { var(txn.spoe.b3) -m found }");

        AssertContinued(traceId, parentId, server, client);
        // b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]; 1 = accept (sampled).
        var fields = received["b3"].Split('-');
        Assert.InRange(fields.Length, 3, 4);
        Assert.Equal(traceId, fields[0]);
        Assert.Equal(client.SpanId, fields[1]);
        Assert.Equal("1", fields[2]);
        if (fields.Length == 4)
        {
            Assert.Equal(server.SpanId, fields[3]);
        }
    }

    [Fact]
    public async Task B3_multiple_headers_with_a_64_bit_trace_id_are_continued_and_the_client_span_goes_to_the_server_as_x_b3()
    {
        // A 64-bit B3 trace id is the low half of a 128-bit one (left-padded with zeros).
        var traceId = RandomHex(8);
        var parentId = RandomHex(8);
        var (server, client, received) = await RunAsync(Propagators.B3Multi,
            new() { ["X-B3-TraceId"] = traceId, ["X-B3-SpanId"] = parentId, ["X-B3-Sampled"] = "1" },
            "http-request set-header X-B3-TraceId %[var(txn.spoe.trace_id)]",
            "http-request set-header X-B3-SpanId %[var(txn.spoe.span_id)]",
            "http-request set-header X-B3-Sampled %[var(txn.spoe.sampled)]");

        AssertContinued(new string('0', 16) + traceId, parentId, server, client);
        // X-B3-TraceId: 16 or 32 lower-hex; X-B3-SpanId: 16 lower-hex; X-B3-Sampled: 1 = accept.
        Assert.Equal(server.TraceId, received["X-B3-TraceId"].PadLeft(32, '0'));
        Assert.Equal(client.SpanId, received["X-B3-SpanId"]);
        Assert.Equal("1", received["X-B3-Sampled"]);
    }

    [Fact]
    public async Task Jaeger_uber_trace_id_is_continued_and_the_client_span_goes_to_the_server_as_uber_trace_id()
    {
        // Jaeger ids are hex of variable length (leading zeros may be dropped); the parent id is deprecated ("0").
        var traceId = "0" + RandomHex(16)[1..];
        var parentId = RandomHex(8);
        var (server, client, received) = await RunAsync(Propagators.Jaeger,
            new() { ["uber-trace-id"] = $"{traceId.TrimStart('0')}:{parentId}:0:1" },
            "http-request set-header uber-trace-id %[var(txn.spoe.uber_trace_id)] if { var(txn.spoe.uber_trace_id) -m found }");

        AssertContinued(traceId, parentId, server, client);
        // uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}; flags bit 0 = sampled.
        var fields = received["uber-trace-id"].Split(':');
        Assert.Equal(4, fields.Length);
        Assert.Equal(traceId, fields[0].PadLeft(32, '0'));
        Assert.Equal(client.SpanId, fields[1].PadLeft(16, '0'));
        Assert.Matches("^[0-9a-f]{1,16}$", fields[2]);
        Assert.Equal(1, int.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1);
    }

    /// <summary>One GET with <paramref name="headers"/> through the preset, the agent on <paramref name="propagators"/>
    /// and <paramref name="injectLines"/> added to the backend: the SERVER and CLIENT spans, and what the server got.</summary>
    private async Task<(ReceivedSpan Server, ReceivedSpan Client, IReadOnlyDictionary<string, string> Received)> RunAsync(
        Propagators propagators, Dictionary<string, string> headers, params string[] injectLines)
    {
        var inject = string.Concat(injectLines.Select(line => "\n    " + line));
        await using var stack = await SemconvStack.StartAsync(fixture.Backend, o => o.Propagators = propagators, default,
            [(LastInjectLine, LastInjectLine + inject)], [ReadEveryFormat]);
        var url = $"/headers?req={Guid.NewGuid():N}";
        using (var http = stack.CreateClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("X-SPOE-Error"), "the agent did not answer");
        }

        var received = Assert.Single(fixture.Backend.Requests, r => r.PathAndQuery == url).Headers;
        var spans = await stack.Receiver.Spans.WaitAsync(s => s.Count(x => x.Kind is Server or Client) >= 2, SafetyNet);
        Assert.Equal(1, stack.Engine.Metrics.ContextsExtracted);
        return (Assert.Single(spans, s => s.Kind == Server), Assert.Single(spans, s => s.Kind == Client), received);
    }

    /// <summary>The trace goes on: same trace id, the caller's span as the SERVER span's parent, sampled.</summary>
    private static void AssertContinued(string traceId, string parentId, ReceivedSpan server, ReceivedSpan client)
    {
        Assert.Equal(traceId, server.TraceId);
        Assert.Equal(traceId, client.TraceId);
        Assert.Equal(parentId, server.ParentSpanId);
        Assert.Equal(server.SpanId, client.ParentSpanId);
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));
}
