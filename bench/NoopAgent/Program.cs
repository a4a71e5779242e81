using System.Diagnostics;
using System.Globalization;
using System.Net;
using SpoaOpenTracing.Spop;

// bench/e2e configuration N: the agent's SPOP layer (src/Spop's SpopServer, as the program runs it: socket
// completions inline, no tiering) with a handler that does nothing, so every ACK carries only the filler action.
// Between F (bench/floor-agent) and B (the whole agent with -T none) it separates the SPOP layer's cost from the
// tracing engine's. With BUSY-NS the handler spins that long per message instead (configuration S): what a given
// amount of handler CPU per message costs end to end.
// Usage: noop-agent PORT [BUSY-NS]   (listens on 127.0.0.1, runs until killed)
if (args.Length is < 1 or > 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
    || !TryParseBusy(args, out var busyNanoseconds))
{
    Console.Error.WriteLine("usage: noop-agent PORT [BUSY-NS]");
    return 64;
}

var options = new SpopServerOptions { InlineSocketCompletions = true };
options.EndPoints.Add(new IPEndPoint(IPAddress.Loopback, port));
await using var server = new SpopServer(new NoopHandler(busyNanoseconds * Stopwatch.Frequency / 1_000_000_000), options);
await server.StartAsync().ConfigureAwait(false);
await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
return 0;

static bool TryParseBusy(string[] args, out long nanoseconds)
{
    nanoseconds = 0;
    return args.Length == 1 || long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out nanoseconds);
}

internal sealed class NoopHandler(long busyTicks) : IMessageHandler
{
    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        // A busy wait, not a sleep: the loop's thread stays on the CPU, as handler work would.
        var end = Stopwatch.GetTimestamp() + busyTicks;
        while (busyTicks > 0 && Stopwatch.GetTimestamp() < end)
        {
        }
    }
}
