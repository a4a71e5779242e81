using System.Net;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>An in-process SPOP server on 127.0.0.1 with an ephemeral port, as HAProxy's SPOE backend sees it.</summary>
internal static class LoopbackAgent
{
    public static async Task<SpopServer> StartAsync(IMessageHandler handler, Action<SpopServerOptions>? configure = null,
        ILoggerFactory? loggerFactory = null)
    {
        var options = new SpopServerOptions();
        options.EndPoints.Add(new IPEndPoint(IPAddress.Loopback, 0));
        configure?.Invoke(options);
        var server = new SpopServer(handler, options, loggerFactory);
        await server.StartAsync();
        return server;
    }

    public static int Port(this SpopServer server) => ((IPEndPoint)server.BoundEndPoints.Single()).Port;
}
