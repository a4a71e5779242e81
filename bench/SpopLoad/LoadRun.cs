namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>What the connections of one run share: the script, the pacing, and the measuring window.</summary>
internal sealed class LoadRun
{
    private volatile bool _measuring;
    private volatile bool _stopping;

    public LoadRun(RequestScript script, Pacer? pacer)
    {
        Script = script;
        Pacer = pacer;
    }

    public RequestScript Script { get; }

    public Pacer? Pacer { get; }

    /// <summary>Samples and counters are kept only between warm-up and the deadline.</summary>
    public bool Measuring => _measuring;

    /// <summary>Past the deadline: no new frame is sent; in-flight ones are drained.</summary>
    public bool Stopping => _stopping;

    public void StartMeasuring() => _measuring = true;

    public void Stop()
    {
        _measuring = false;
        _stopping = true;
    }
}
