using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Cli.Metrics;

/// <summary><c>GET /healthz</c>: 200 "ok" while the SPOP listener runs, 503 once the agent stops.</summary>
internal sealed class HealthEndpoint : IDisposable
{
    public const string Path = "/healthz";

    private static readonly byte[] s_ok = "ok\n"u8.ToArray();
    private static readonly byte[] s_stopping = "stopping\n"u8.ToArray();

    private readonly HttpListener _listener = new();
    private readonly Func<bool> _healthy;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public HealthEndpoint(MetricsEndpoint endpoint, Func<bool> healthy, ILogger logger)
    {
        _healthy = healthy;
        _logger = logger;
        _listener.Prefixes.Add($"http://{endpoint.PrefixHost}:{endpoint.Port}{Path}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var healthy = _healthy();
                var body = healthy ? s_ok : s_stopping;
                context.Response.StatusCode = healthy ? 200 : 503;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The prober went away: nothing to answer.
                MetricsLog.HealthProbeFailed(_logger, e.Message);
            }
        }
    }
}
