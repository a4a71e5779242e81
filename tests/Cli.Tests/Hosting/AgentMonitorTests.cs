using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Cli.Hosting;
using SpoaOpenTracing.Cli.Logging;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Hosting;

public sealed class AgentMonitorTests
{
    [Fact]
    public void EachTickLogsRatesSinceThePreviousLine()
    {
        var samples = new Queue<MonitorSample>(
        [
            new(TimeSpan.FromSeconds(10), 1, 100, 300, 0, 0, 0, 0, 0, 0),
            new(TimeSpan.FromSeconds(12), 2, 300, 900, 50, 40, 3, 1, 7, 5),
        ]);
        var output = new StringWriter();
        using var sink = new LogSink(output, ownsWriter: false);
        using (var monitor = new AgentMonitor(samples.Dequeue, TimeSpan.FromHours(1), new LineLogger("m", sink), TimeProvider.System))
        {
            monitor.Tick();
        }

        Assert.Contains(
            "monitor: 2 connection(s), 100.0 frames/s, 300.0 messages/s, spans started 50 finished 40 reaped 3 dropped 1, 7 open trace(s), export queue 5",
            output.ToString());
        Assert.Contains(" I m[10]: ", output.ToString());
    }
}
