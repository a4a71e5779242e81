using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Bench.OtlpSink;

// An OTLP trace receiver for benchmarks: reads every request, counts its spans, discards it. OTLP/HTTP (protobuf) on
// --port; with --grpc-port also OTLP/gRPC there (HTTP/2 without TLS). GET /count on --port returns
// "<spans> <requests>" over both; the totals are also printed on exit.
// Usage: otlp-sink [--port N] [--grpc-port N] [--port-file PATH]   (port 0 = any free port, written to PATH)
const int GrpcPrefixLength = 5;
var port = 4318;
int? grpcPort = null;
string? portFile = null;
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--grpc-port": grpcPort = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--port-file": portFile = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k =>
{
    k.Listen(System.Net.IPAddress.Loopback, port);
    if (grpcPort is { } grpc)
    {
        // Cleartext HTTP/2 is served only on an HTTP/2-only endpoint: gRPC clients start with its preface.
        k.Listen(System.Net.IPAddress.Loopback, grpc, listen => listen.Protocols = HttpProtocols.Http2);
    }
});
var app = builder.Build();
var totals = new SinkTotals();

app.MapPost("/v1/traces", async (HttpRequest request) =>
{
    totals.Add(await CountBodyAsync(request, 0).ConfigureAwait(false));
    return Results.Bytes(Array.Empty<byte>(), "application/x-protobuf");
});
app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", async (HttpContext context) =>
{
    // One gRPC message: a 5-byte prefix (compressed flag, big-endian length), then the protobuf request.
    totals.Add(await CountBodyAsync(context.Request, GrpcPrefixLength).ConfigureAwait(false));
    context.Response.ContentType = "application/grpc";
    context.Response.AppendTrailer("grpc-status", "0");
    await context.Response.Body.WriteAsync(new byte[GrpcPrefixLength]).ConfigureAwait(false); // an empty response message
});
app.MapGet("/count", () => $"{totals.Spans} {totals.Requests}\n");

await app.StartAsync().ConfigureAwait(false);
if (portFile is not null)
{
    var address = app.Urls.First();
    var bound = new Uri(address).Port;
    await File.WriteAllTextAsync(portFile, bound.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
}

await app.WaitForShutdownAsync().ConfigureAwait(false);
Console.WriteLine($"spans {totals.Spans} requests {totals.Requests}");
return 0;

// Reads the whole body and counts the spans of the protobuf after the first `skip` bytes.
static async Task<long> CountBodyAsync(HttpRequest request, int skip)
{
    ReadResult result;
    while (!(result = await request.BodyReader.ReadAsync().ConfigureAwait(false)).IsCompleted)
    {
        request.BodyReader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
    }

    var body = result.Buffer.Slice(Math.Min(skip, result.Buffer.Length));
    var spans = body.IsSingleSegment ? SpanCounter.Count(body.FirstSpan) : CountSegmented(body);
    request.BodyReader.AdvanceTo(result.Buffer.End);
    return spans;
}

// Kestrel hands a body of many pages in segments; one pooled copy keeps the sink from allocating per request.
static long CountSegmented(in ReadOnlySequence<byte> body)
{
    var buffer = ArrayPool<byte>.Shared.Rent((int)body.Length);
    try
    {
        body.CopyTo(buffer);
        return SpanCounter.Count(buffer.AsSpan(0, (int)body.Length));
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
