using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Bench.OtlpSink;

// An OTLP/HTTP (protobuf) trace receiver for benchmarks: reads every request, counts its spans, discards it.
// GET /count returns "<spans> <requests>"; the totals are also printed on exit.
// Usage: otlp-sink [--port N] [--port-file PATH]   (port 0 = any free port, written to PATH)
var port = 4318;
string? portFile = null;
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--port-file": portFile = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
var app = builder.Build();
var totals = new SinkTotals();

app.MapPost("/v1/traces", async (HttpRequest request) =>
{
    var length = (int)(request.ContentLength ?? 0);
    var result = await request.BodyReader.ReadAtLeastAsync(Math.Max(length, 1)).ConfigureAwait(false);
    var body = result.Buffer;
    var spans = body.IsSingleSegment ? SpanCounter.Count(body.FirstSpan) : CountSegmented(body);
    request.BodyReader.AdvanceTo(body.End);
    totals.Add(spans);
    return Results.Bytes(Array.Empty<byte>(), "application/x-protobuf");
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
