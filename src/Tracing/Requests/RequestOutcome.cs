namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>What <see cref="TracingEngine.Record"/> did with a <see cref="RequestRecord"/>.</summary>
public enum RequestOutcome
{
    /// <summary>Its spans went to the exporters (or there are none configured: <c>-T none</c>).</summary>
    Recorded,

    /// <summary>No valid trace id or SERVER span id: nothing was recorded.</summary>
    InvalidContext,

    /// <summary>No start time, or an end before the start: nothing was recorded.</summary>
    InvalidTimes,
}
