namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>How a <see cref="FaultySink"/> answers OTLP export requests.</summary>
internal enum SinkMode
{
    Healthy,

    /// <summary>Answers after <see cref="FaultySink.SlowDelay"/>.</summary>
    Slow,

    /// <summary>Answers 503 Service Unavailable.</summary>
    Refusing,
}
