using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Prints each finished trace as an indented tree with durations. Spans arrive one by one as they end, children
/// usually before their root, so they are held per trace id until a root span (one without parent) ends; then that
/// tree is printed at once. Flush and shutdown print what is still held, marked incomplete, and so does a full buffer:
/// a trace whose root never ends cannot pin memory.
/// </summary>
internal sealed class ConsoleTreeExporter : BaseExporter<Activity>
{
    private const int MaxHeldSpans = 10_000;

    private readonly TextWriter _output;
    private readonly Lock _lock = new();
    private readonly Dictionary<ActivityTraceId, List<Activity>> _held = new();
    private int _heldCount;

    public ConsoleTreeExporter(TextWriter output)
    {
        _output = output;
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var activity in batch)
            {
                if (!_held.TryGetValue(activity.TraceId, out var spans))
                {
                    spans = new List<Activity>();
                    _held.Add(activity.TraceId, spans);
                }

                spans.Add(activity);
                _heldCount++;
                if (activity.ParentSpanId == default)
                {
                    _held.Remove(activity.TraceId);
                    _heldCount -= spans.Count;
                    AppendTrace(text, spans, complete: true);
                }
            }

            if (_heldCount > MaxHeldSpans)
            {
                AppendHeld(text);
            }
        }

        Write(text);
        return ExportResult.Success;
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            AppendHeld(text);
        }

        Write(text);
        return true;
    }

    protected override bool OnShutdown(int timeoutMilliseconds) => OnForceFlush(timeoutMilliseconds);

    private void AppendHeld(StringBuilder text)
    {
        foreach (var spans in _held.Values)
        {
            AppendTrace(text, spans, complete: false);
        }

        _held.Clear();
        _heldCount = 0;
    }

    private void AppendTrace(StringBuilder text, List<Activity> spans, bool complete)
    {
        // Stable: spans that started in the same message keep their export order.
        spans = spans.OrderBy(static s => s.StartTimeUtc).ToList();
        var service = ParentProvider?.GetResource().Attributes.FirstOrDefault(static a => a.Key == "service.name").Value;
        text.Append(CultureInfo.InvariantCulture, $"trace {spans[0].TraceId} service={service} spans={spans.Count}");
        text.AppendLine(complete ? string.Empty : " (incomplete)");

        var ids = new HashSet<ActivitySpanId>(spans.Select(static s => s.SpanId));
        foreach (var span in spans)
        {
            // Roots, and spans whose parent is not held (ended earlier in another print), start a subtree.
            if (span.ParentSpanId == default || !ids.Contains(span.ParentSpanId))
            {
                AppendSpan(text, spans, span, 1);
            }
        }
    }

    private static void AppendSpan(StringBuilder text, List<Activity> spans, Activity span, int depth)
    {
        text.Append(' ', depth * 2).Append(span.DisplayName)
            .Append(CultureInfo.InvariantCulture, $"  {span.Duration.TotalMilliseconds:0.000} ms");
        if (span.Status == ActivityStatusCode.Error)
        {
            text.Append("  ERROR");
            if (!string.IsNullOrEmpty(span.StatusDescription))
            {
                text.Append(CultureInfo.InvariantCulture, $" ({span.StatusDescription})");
            }
        }

        foreach (var tag in span.TagObjects)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {tag.Key}={tag.Value}");
        }

        foreach (var link in span.Links)
        {
            text.Append(CultureInfo.InvariantCulture, $"  follows={link.Context.SpanId}");
        }

        text.AppendLine();
        foreach (var e in span.Events)
        {
            text.Append(' ', (depth * 2) + 2).Append("* ").Append(e.Name);
            foreach (var tag in e.Tags)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {tag.Key}={tag.Value}");
            }

            text.AppendLine();
        }

        foreach (var child in spans)
        {
            if (child.ParentSpanId == span.SpanId)
            {
                AppendSpan(text, spans, child, depth + 1);
            }
        }
    }

    private void Write(StringBuilder text)
    {
        if (text.Length > 0)
        {
            _output.Write(text.ToString());
            _output.Flush();
        }
    }
}
