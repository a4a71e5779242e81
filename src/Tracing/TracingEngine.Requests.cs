using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Requests;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing;

/// <summary>The one-exchange message: one request whose context HAProxy minted, read in one pass and recorded at once.</summary>
public sealed partial class TracingEngine
{
    /// <summary>
    /// Turns a one-exchange message (first argument <c>trace-id</c>, see <see cref="RequestMessageReader"/>) into its
    /// spans. Touches no trace table and writes nothing into the ACK, so the agent that gets it does not matter. A
    /// message that cannot be recorded fails alone: counted, logged at most once a second.
    /// </summary>
    private void HandleRequestMessage(in SpopMessage message, DateTime now)
    {
        var reader = RequestMessageReader.ForCurrentThread();
        if (!reader.TryRead(message.Arguments, _names, UnixTime.Nanoseconds(now), out var failure))
        {
            MessageFailed(message, failure);
            return;
        }

        if (reader.ArgumentErrors.Count > 0)
        {
            Metrics.ArgumentError(reader.ArgumentErrors.Count);
            if (_argumentLog.TryEnter(out var suppressed))
            {
                TracingLog.ArgumentRefused(_logger, LogText.Bounded(message.Name), LogText.Bounded(string.Join("; ", reader.ArgumentErrors)), suppressed);
            }
        }

        // The reader has checked the ids; what is left to refuse is an end before the start.
        if (_requests.Record(reader.Record) != RequestOutcome.Recorded)
        {
            MessageFailed(message, "ts-end= is before ts-start=");
        }
    }
}
