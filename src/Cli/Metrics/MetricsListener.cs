using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Metrics;

/// <summary>
/// The optional HTTP listener of <c>--metrics-address</c>: <c>/metrics</c> in the Prometheus text format, exported by
/// OpenTelemetry from the libraries' own meters (the SPOP server's, the tracing engine's, the log inputs') and the runtime's (GC
/// heap, working set, thread pool), and <c>/healthz</c>. The program owns no instrument of its own.
/// </summary>
internal sealed class MetricsListener : IDisposable
{
    /// <summary>The meter .NET publishes itself (GC, memory, threads, CPU).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly MeterProvider _provider;
    private readonly HealthEndpoint _health;

    public MetricsListener(MetricsEndpoint endpoint, string serviceName, Func<bool> healthy, ILogger logger)
    {
        try
        {
            _provider = Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(r => r.AddService(serviceName))
                .AddMeter(SpopServerMetrics.MeterName, TracingMetrics.MeterName, LogInput.LogInputs.MeterName, RuntimeMeterName)
                .AddPrometheusHttpListener(o =>
                {
                    o.Host = endpoint.PrefixHost;
                    o.Port = endpoint.Port;
                    o.ScrapeEndpointPath = "/metrics";
                })
                .Build();
            _health = new HealthEndpoint(endpoint, healthy, logger);
        }
        catch
        {
            _provider?.Dispose();
            throw;
        }

        MetricsLog.Listening(logger, endpoint.ToString());
    }

    public void Dispose()
    {
        _health.Dispose();
        _provider.Dispose();
    }
}
