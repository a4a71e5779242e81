using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Cli.Metrics;

/// <summary>
/// The optional HTTP listener of <c>--metrics-address</c>: <c>/metrics</c> in the Prometheus text format, exported by
/// OpenTelemetry from the agent's meter, the SPOP server's ACK-duration histogram and the runtime's own meter (GC
/// heap, working set, thread pool), and <c>/healthz</c>.
/// </summary>
internal sealed class MetricsListener : IDisposable
{
    /// <summary>The meter .NET publishes itself (GC, memory, threads, CPU).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly AgentMeter _meter;
    private readonly MeterProvider _provider;
    private readonly HealthEndpoint _health;

    public MetricsListener(MetricsEndpoint endpoint, string serviceName, SpopServerMetrics spop, Func<bool> healthy,
        ILogger logger)
    {
        _meter = new AgentMeter(spop);
        try
        {
            _provider = Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(r => r.AddService(serviceName))
                .AddMeter(AgentMeter.MeterName, SpopServerMetrics.MeterName, TracingMetrics.MeterName, RuntimeMeterName)
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
            _meter.Dispose();
            throw;
        }

        MetricsLog.Listening(logger, endpoint.ToString());
    }

    public void Dispose()
    {
        _health.Dispose();
        _provider.Dispose();
        _meter.Dispose();
    }
}
