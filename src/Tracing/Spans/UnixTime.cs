namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>Span times are unix nanoseconds, as OTLP carries them; the engine's clock gives <see cref="DateTime"/>.</summary>
internal static class UnixTime
{
    public static long Nanoseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    public static DateTime ToDateTime(long unixNanoseconds) => new(DateTime.UnixEpoch.Ticks + (unixNanoseconds / 100), DateTimeKind.Utc);
}
