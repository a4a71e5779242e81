using System.Globalization;
using System.Net;
using SpoaOpenTracing.Spop;

// bench/e2e configuration N: the agent's SPOP layer (src/Spop's SpopServer, as the program runs it: socket
// completions inline, no tiering) with a handler that does nothing, so every ACK carries only the filler action.
// Between F (bench/floor-agent) and B (the whole agent with -T none) it separates the SPOP layer's cost from the
// tracing engine's. Usage: noop-agent PORT   (listens on 127.0.0.1, runs until killed)
if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: noop-agent PORT");
    return 64;
}

Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
var options = new SpopServerOptions();
options.EndPoints.Add(new IPEndPoint(IPAddress.Loopback, port));
await using var server = new SpopServer(new NoopHandler(), options);
await server.StartAsync().ConfigureAwait(false);
await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
return 0;

internal sealed class NoopHandler : IMessageHandler
{
    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
    }
}
