using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Bench.OtlpSink;

// An OTLP trace receiver for benchmarks: reads every request, counts its spans, discards it. OTLP/HTTP (protobuf) on
// --port (Http1Receiver); with --grpc-port also OTLP/gRPC there (Kestrel, HTTP/2 without TLS). GET /count on --port
// returns "<spans> <requests>" over both; the totals are also printed when SIGTERM or SIGINT stops it.
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

using var stop = new ManualResetEventSlim();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
var totals = new SinkTotals();
using var http = new Http1Receiver(port, totals);
WebApplication? grpc = null;
if (grpcPort is { } grpcListen)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    // Cleartext HTTP/2 is served only on an HTTP/2-only endpoint: gRPC clients start with its preface.
    builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, grpcListen, listen => listen.Protocols = HttpProtocols.Http2));
    grpc = builder.Build();
    grpc.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", async (HttpContext context) =>
    {
        // One gRPC message: a 5-byte prefix (compressed flag, big-endian length), then the protobuf request.
        totals.Add(await GrpcBody.CountSpansAsync(context.Request, GrpcPrefixLength).ConfigureAwait(false));
        context.Response.ContentType = "application/grpc";
        context.Response.AppendTrailer("grpc-status", "0");
        await context.Response.Body.WriteAsync(new byte[GrpcPrefixLength]).ConfigureAwait(false); // an empty response message
    });
    await grpc.StartAsync().ConfigureAwait(false);
}

if (portFile is not null)
{
    await File.WriteAllTextAsync(portFile, http.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
}

stop.Wait();
if (grpc is not null)
{
    await grpc.StopAsync().ConfigureAwait(false);
    await grpc.DisposeAsync().ConfigureAwait(false);
}

Console.WriteLine($"spans {totals.Spans} requests {totals.Requests}");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Set();
}
