namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>
/// The OTLP spec's retry rules around one export request: a retryable failure is tried again after the server's
/// wait (<c>Retry-After</c>, gRPC RetryInfo) or else an exponential backoff with jitter, for as long as the next try
/// would still start within the export timeout; any other failure drops the request at once.
/// </summary>
internal sealed class RetryPolicy
{
    public static readonly TimeSpan DefaultInitialBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _timeout;
    private readonly RetryClock _clock;
    private readonly Random _jitter;
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;

    public RetryPolicy(TimeSpan timeout, TransportCounters counters, RetryClock? clock = null, Random? jitter = null,
        TimeSpan? initialBackoff = null, TimeSpan? maxBackoff = null)
    {
        _timeout = timeout;
        Counters = counters;
        _clock = clock ?? RetryClock.System;
        _jitter = jitter ?? Random.Shared;
        _initialBackoff = initialBackoff ?? DefaultInitialBackoff;
        _maxBackoff = maxBackoff ?? DefaultMaxBackoff;
    }

    public TransportCounters Counters { get; }

    /// <summary>Runs <paramref name="attempt"/> (given the time left before the deadline) until it succeeds, fails
    /// for good, or the deadline leaves no room for another try.</summary>
    public ExportResult Run<TState>(Func<TState, TimeSpan, AttemptOutcome> attempt, TState state)
    {
        var deadline = _clock.Now + _timeout;
        for (var retry = 0; ; retry++)
        {
            var outcome = attempt(state, deadline - _clock.Now);
            switch (outcome.Kind)
            {
                case AttemptKind.Success:
                    Counters.CountSuccess();
                    return ExportResult.Success;
                case AttemptKind.Permanent:
                    Counters.CountFailure(outcome.Reason);
                    return ExportResult.Failure;
            }

            var delay = outcome.RetryAfter is { } wait ? Max(wait, TimeSpan.Zero) : Backoff(retry);
            if (_clock.Now + delay >= deadline)
            {
                Counters.CountFailure(ExportFailureReason.RetriesExhausted);
                return ExportResult.Failure;
            }

            Counters.CountRetry();
            _clock.Sleep(delay);
        }
    }

    /// <summary>Exponential from the initial backoff, capped, with "equal jitter" (between half and all of it) so
    /// that agents throttled together do not come back together.</summary>
    internal TimeSpan Backoff(int retry)
    {
        var exponential = _initialBackoff.Ticks * Math.Pow(2, Math.Min(retry, 30));
        var capped = Math.Min(exponential, _maxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + (0.5 * _jitter.NextDouble()))));
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for (delay-seconds or an HTTP date), or null.</summary>
    internal TimeSpan? RetryAfter(System.Net.Http.Headers.RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => Max(date - _clock.UtcNow, TimeSpan.Zero),
        _ => null,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
