using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>Keeps a copy of every span an engine ends, in the order they ended.</summary>
public sealed class SpanCollector : ISpanListener
{
    private readonly List<ExportedSpan> _spans = new();

    public List<ExportedSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return _spans.ToList();
            }
        }
    }

    public void OnEnd(SpanRecord span)
    {
        var copy = new ExportedSpan(span);
        lock (_spans)
        {
            _spans.Add(copy);
        }
    }
}
