namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>
/// The oracle's verdict for a fuzz case, derived from the mutation alone (not from the code under test):
/// <see cref="Exact"/> outcomes must match; <see cref="Any"/> (random bit flips, insertions) only requires a protocol
/// outcome, which every <see cref="Outcome"/> is once no other exception escaped.
/// </summary>
internal sealed record Expectation(Outcome? Exact)
{
    public static readonly Expectation Any = new((Outcome?)null);

    public static Expectation Acks(int count) => new(new Outcome(count, null, false, false));

    public static Expectation Rejected(SpopStatus status, int acksBefore = 0) => new(new Outcome(acksBefore, status, false, false));

    public static Expectation Waits(int acksBefore = 0) => new(new Outcome(acksBefore, null, true, false));

    public static Expectation HealthCheck() => new(new Outcome(0, null, false, true));

    public bool Matches(Outcome outcome) => Exact is not { } exact || exact == outcome;

    public override string ToString() => Exact?.ToString() ?? "any protocol outcome";
}
