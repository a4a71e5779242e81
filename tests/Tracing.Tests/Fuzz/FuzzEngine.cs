namespace SpoaOpenTracing.Tracing.Tests.Fuzz;

/// <summary>
/// A real tracing engine for the fuzz runs: no exporter, every ended span counted, a short idle timeout so the
/// reaper races the messages during the run and empties the table after it.
/// </summary>
internal sealed class FuzzEngine : IDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>A safety net for the final reaping, not a performance bound.</summary>
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    public FuzzEngine()
    {
        Engine = new TracingEngine(new TracingOptions { Exporter = ExporterKind.None, IdleTimeout = IdleTimeout }, null, Spans);
    }

    public TracingEngine Engine { get; }

    public CountingListener Spans { get; } = new();

    /// <summary>The engine's books balance: every started span is open, finished or reaped, and once the reaper has
    /// run over an idle table nothing is left open and every ended span reached the listener.</summary>
    public async Task AssertConsistentAfterIdleAsync()
    {
        var m = Engine.Metrics;
        using var cts = new CancellationTokenSource(Safety);
        while (m.OpenTraces != 0 || m.OpenSpans != 0)
        {
            await Task.Delay(IdleTimeout, cts.Token);
        }

        Assert.Equal(0, m.OpenSpans);
        Assert.Equal(0, m.OpenTraces);
        Assert.Equal(m.SpansStarted, m.SpansFinished + m.SpansReaped);
        Assert.Equal(m.SpansStarted, Spans.Ended);
    }

    public void Dispose() => Engine.Dispose();
}
