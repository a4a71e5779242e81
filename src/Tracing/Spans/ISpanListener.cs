namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>
/// Sees every span the engine ends, on the thread that ended it, before the span is queued for export. The record is
/// pooled and valid only during the call: <see cref="SpanRecord.Clone"/> what you keep. Must not block.
/// </summary>
public interface ISpanListener
{
    void OnEnd(SpanRecord span);
}
