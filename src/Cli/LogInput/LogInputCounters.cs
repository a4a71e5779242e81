using SpoaOpenTracing.Tracing.Requests;

namespace SpoaOpenTracing.Cli.LogInput;

/// <summary>What one <c>--syslog</c> input made of its messages: thread-safe totals that only grow.</summary>
internal sealed class LogInputCounters
{
    private readonly long[] _lines = new long[Enum.GetValues<TraceLineError>().Length];
    private readonly long[] _outcomes = new long[Enum.GetValues<RequestOutcome>().Length];
    private long _spans;

    /// <summary>Whole trace lines (<see cref="TraceLineError.None"/>) and refused ones, by reason.</summary>
    public long Lines(TraceLineError result) => Volatile.Read(ref _lines[(int)result]);

    /// <summary>What the engine did with the records of whole lines.</summary>
    public long Requests(RequestOutcome outcome) => Volatile.Read(ref _outcomes[(int)outcome]);

    /// <summary>Spans made: a SERVER span per recorded request, and a CLIENT span when it reached a server.</summary>
    public long Spans => Volatile.Read(ref _spans);

    /// <summary>Every message the input handed over, trace line or not.</summary>
    public long Messages => _lines.Sum(static n => Volatile.Read(ref n));

    /// <summary>Messages that were not whole trace lines.</summary>
    public long BadLines => Messages - Lines(TraceLineError.None);

    public void Line(TraceLineError result) => Interlocked.Increment(ref _lines[(int)result]);

    public void Recorded(RequestOutcome outcome, int spans)
    {
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        if (spans > 0)
        {
            Interlocked.Add(ref _spans, spans);
        }
    }
}
