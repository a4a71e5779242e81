using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Reads a .nettrace of the runtime's GC events and prints one line per collection (generation, reason, time to
// suspend the threads, time paused, bytes promoted) and a summary. Record it from a running agent with
//   dotnet-trace collect -p <pid> --clrevents gc --clreventlevel informational --duration 00:00:05 -o gc.nettrace
// Usage: gc-pauses FILE.nettrace [--each]
if (args.Length == 0 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: gc-pauses FILE.nettrace [--each]");
    return 64;
}

var each = args.Contains("--each");
var collections = new List<Collection>();
double suspendStart = 0, suspendEnd = 0;
var current = new Collection();
using (var source = new EventPipeEventSource(args[0]))
{
    source.Clr.GCSuspendEEStart += e => suspendStart = e.TimeStampRelativeMSec;
    source.Clr.GCSuspendEEStop += e => suspendEnd = e.TimeStampRelativeMSec;
    source.Clr.GCStart += e => current = new Collection { Generation = e.Depth, Reason = e.Reason.ToString() };
    source.Clr.GCHeapStats += e => current.PromotedBytes = e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2;
    source.Clr.GCRestartEEStop += e =>
    {
        current.SuspendMs = suspendEnd - suspendStart;
        current.PauseMs = e.TimeStampRelativeMSec - suspendStart;
        collections.Add(current);
    };
    source.Process();
}

var c = CultureInfo.InvariantCulture;
if (each)
{
    foreach (var gc in collections)
    {
        Console.WriteLine(string.Create(c, $"gen{gc.Generation} {gc.Reason} suspend {gc.SuspendMs:F3} ms pause {gc.PauseMs:F3} ms promoted {gc.PromotedBytes / 1024} KiB"));
    }
}

if (collections.Count == 0)
{
    Console.WriteLine("no collection in the trace");
    return 0;
}

var pauses = collections.Select(gc => gc.PauseMs).Order().ToArray();
Console.WriteLine(string.Create(c,
    $"collections {collections.Count} (gen0 {collections.Count(gc => gc.Generation == 0)}, gen1 {collections.Count(gc => gc.Generation == 1)}, gen2 {collections.Count(gc => gc.Generation == 2)}); " +
    $"pause total {pauses.Sum():F1} ms, median {pauses[pauses.Length / 2]:F2} ms, max {pauses[^1]:F2} ms; " +
    $"suspension median {collections.Select(gc => gc.SuspendMs).Order().ElementAt(collections.Count / 2):F3} ms; " +
    $"promoted median {collections.Select(gc => gc.PromotedBytes).Order().ElementAt(collections.Count / 2) / 1024} KiB"));
return 0;

internal sealed class Collection
{
    public int Generation { get; init; }

    public string Reason { get; init; } = "";

    public long PromotedBytes { get; set; }

    public double SuspendMs { get; set; }

    public double PauseMs { get; set; }
}
