using System.Net.Http.Headers;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Export.Transport;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Export.Transport;

public sealed class RetryPolicyTests
{
    private readonly ManualRetryClock _clock = new();
    private readonly TransportCounters _counters = new();

    private RetryPolicy Policy(double timeoutSeconds = 10) =>
        new(TimeSpan.FromSeconds(timeoutSeconds), _counters, _clock, new Random(42));

    private static ExportResult Run(RetryPolicy policy, params AttemptOutcome[] outcomes)
    {
        var queue = new Queue<AttemptOutcome>(outcomes);
        return policy.Run(static (q, _) => q.Dequeue(), queue);
    }

    [Fact]
    public void RetryableFailuresAreTriedAgainUntilSuccess()
    {
        var result = Run(Policy(), AttemptOutcome.Retry(ExportFailureReason.RetriesExhausted), AttemptOutcome.Retry(ExportFailureReason.Transport),
            AttemptOutcome.Success);

        Assert.Equal(ExportResult.Success, result);
        Assert.Equal(2, _counters.Retries);
        Assert.Equal(1, _counters.Succeeded);
        Assert.Equal(0, _counters.FailedTotal);
        // Exponential with equal jitter: the first wait in [0.5 s, 1 s], the second in [1 s, 2 s].
        Assert.InRange(_clock.Sleeps[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(_clock.Sleeps[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void APermanentFailureIsDroppedAtOnce()
    {
        var attempts = 0;
        var result = Policy().Run((_, _) =>
        {
            attempts++;
            return AttemptOutcome.Drop(ExportFailureReason.Rejected);
        }, 0);

        Assert.Equal(ExportResult.Failure, result);
        Assert.Equal(1, attempts);
        Assert.Empty(_clock.Sleeps);
        Assert.Equal(1, _counters.Failed(ExportFailureReason.Rejected));
        Assert.Equal(0, _counters.Retries);
    }

    [Fact]
    public void TheServersWaitReplacesTheBackoff()
    {
        var result = Run(Policy(), AttemptOutcome.Retry(ExportFailureReason.RetriesExhausted, TimeSpan.FromSeconds(3)), AttemptOutcome.Success);

        Assert.Equal(ExportResult.Success, result);
        Assert.Equal([TimeSpan.FromSeconds(3)], _clock.Sleeps);
    }

    [Fact]
    public void RetriesStopWhenTheNextTryWouldStartAfterTheDeadline()
    {
        var remainingSeen = new List<TimeSpan>();
        var result = Policy(timeoutSeconds: 4).Run((seen, remaining) =>
        {
            seen.Add(remaining);
            return AttemptOutcome.Retry(ExportFailureReason.RetriesExhausted);
        }, remainingSeen);

        Assert.Equal(ExportResult.Failure, result);
        Assert.Equal(1, _counters.Failed(ExportFailureReason.RetriesExhausted));
        Assert.Equal(remainingSeen.Count - 1, _counters.Retries);
        Assert.True(_clock.Sleeps.Sum(s => s.TotalSeconds) < 4);
        Assert.Equal(TimeSpan.FromSeconds(4), remainingSeen[0]);
        Assert.All(remainingSeen.Skip(1), r => Assert.True(r > TimeSpan.Zero && r < TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void AServerWaitBeyondTheDeadlineFailsWithoutSleeping()
    {
        var result = Run(Policy(timeoutSeconds: 2), AttemptOutcome.Retry(ExportFailureReason.RetriesExhausted, TimeSpan.FromSeconds(30)),
            AttemptOutcome.Success);

        Assert.Equal(ExportResult.Failure, result);
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public void BackoffDoublesUpToTheCap()
    {
        var policy = Policy();
        for (var retry = 0; retry < 8; retry++)
        {
            var expected = Math.Min(Math.Pow(2, retry), 5);
            Assert.InRange(policy.Backoff(retry).TotalSeconds, expected / 2, expected);
        }
    }

    [Fact]
    public void RetryAfterIsSecondsOrAnHttpDate()
    {
        var policy = Policy();

        Assert.Equal(TimeSpan.FromSeconds(7), policy.RetryAfter(RetryConditionHeaderValue.Parse("7")));
        Assert.Equal(TimeSpan.FromSeconds(90), policy.RetryAfter(new RetryConditionHeaderValue(_clock.UtcNow.AddSeconds(90))));
        Assert.Equal(TimeSpan.Zero, policy.RetryAfter(new RetryConditionHeaderValue(_clock.UtcNow.AddSeconds(-5))));
        Assert.Null(policy.RetryAfter(null));
    }
}
