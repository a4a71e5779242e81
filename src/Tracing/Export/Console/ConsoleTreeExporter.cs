using System.Globalization;
using System.Text;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export.Console;

/// <summary>
/// Prints each finished trace as an indented tree with durations. Spans arrive one by one as they end, children
/// usually before their root, so they are held per trace id until a root span (one without parent) ends; then that
/// tree is printed at once. Flush and shutdown print what is still held, marked incomplete, and so does a full buffer:
/// a trace whose root never ends cannot pin memory. Held spans are clones: the batch's records go back to the pool.
/// </summary>
internal sealed class ConsoleTreeExporter : ISpanExporter
{
    public const int MaxHeldSpans = 10_000;

    private readonly TextWriter _output;
    private readonly string _serviceName;
    private readonly Lock _lock = new();
    private readonly Dictionary<TraceId, List<SpanRecord>> _held = new();
    private int _heldCount;

    public ConsoleTreeExporter(TextWriter output, ExportResource resource)
    {
        _output = output;
        _serviceName = resource.ServiceName;
    }

    public ExportResult Export(ReadOnlySpan<SpanRecord> batch)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var span in batch)
            {
                if (span.ParentSpanId.IsValid)
                {
                    Hold(span.Clone());
                    continue;
                }

                // The root is printed before this call returns: no copy needed.
                if (_held.Remove(span.TraceId, out var spans))
                {
                    _heldCount -= spans.Count;
                }
                else
                {
                    spans = [];
                }

                spans.Add(span);
                AppendTrace(text, spans, complete: true);
            }

            if (_heldCount > MaxHeldSpans)
            {
                AppendHeld(text);
            }
        }

        Write(text);
        return ExportResult.Success;
    }

    public bool ForceFlush(TimeSpan timeout)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            AppendHeld(text);
        }

        Write(text);
        return true;
    }

    public bool Shutdown(TimeSpan timeout) => ForceFlush(timeout);

    public void Dispose()
    {
    }

    private void Hold(SpanRecord span)
    {
        if (!_held.TryGetValue(span.TraceId, out var spans))
        {
            spans = [];
            _held.Add(span.TraceId, spans);
        }

        spans.Add(span);
        _heldCount++;
    }

    private void AppendHeld(StringBuilder text)
    {
        foreach (var spans in _held.Values)
        {
            AppendTrace(text, spans, complete: false);
        }

        _held.Clear();
        _heldCount = 0;
    }

    private void AppendTrace(StringBuilder text, List<SpanRecord> spans, bool complete)
    {
        // Stable: spans that started in the same message keep their export order.
        spans = spans.OrderBy(static s => s.StartUnixNano).ToList();
        text.Append(CultureInfo.InvariantCulture, $"trace {spans[0].TraceId} service={_serviceName} spans={spans.Count}");
        text.AppendLine(complete ? string.Empty : " (incomplete)");

        var ids = new HashSet<SpanId>(spans.Select(static s => s.SpanId));
        var printed = new HashSet<SpanRecord>(ReferenceEqualityComparer.Instance);
        foreach (var span in spans)
        {
            // Roots, and spans whose parent is not held (ended earlier in another print), start a subtree.
            if (!span.ParentSpanId.IsValid || !ids.Contains(span.ParentSpanId))
            {
                AppendSpan(text, spans, span, 1, printed);
            }
        }
    }

    /// <summary>Each span once: ids given by HAProxy may repeat, and a repeated id must not make a cycle.</summary>
    private static void AppendSpan(StringBuilder text, List<SpanRecord> spans, SpanRecord span, int depth, HashSet<SpanRecord> printed)
    {
        if (!printed.Add(span))
        {
            return;
        }

        var milliseconds = (span.EndUnixNano - span.StartUnixNano) / 1_000_000.0;
        text.Append(' ', depth * 2).Append(span.Name)
            .Append(CultureInfo.InvariantCulture, $"  {milliseconds:0.000} ms");
        if (span.StatusCode == SpanStatusCode.Error)
        {
            text.Append("  ERROR");
            if (!string.IsNullOrEmpty(span.StatusDescription))
            {
                text.Append(CultureInfo.InvariantCulture, $" ({span.StatusDescription})");
            }
        }

        AppendAttributes(text, span.Attributes);
        foreach (var link in span.Links)
        {
            text.Append(CultureInfo.InvariantCulture, $"  follows={link.SpanId}");
        }

        text.AppendLine();
        foreach (var e in span.Events)
        {
            text.Append(' ', (depth * 2) + 2).Append("* ").Append(e.Name);
            AppendAttributes(text, span.AttributesOf(e));
            text.AppendLine();
        }

        foreach (var child in spans)
        {
            if (child.ParentSpanId.IsValid && child.ParentSpanId == span.SpanId)
            {
                AppendSpan(text, spans, child, depth + 1, printed);
            }
        }
    }

    /// <summary>Values as the Activity-based exporter printed them (its tags were boxed CLR values): booleans as
    /// <c>True</c>/<c>False</c>, numbers invariant.</summary>
    private static void AppendAttributes(StringBuilder text, ReadOnlySpan<SpanAttribute> attributes)
    {
        foreach (var (key, value) in attributes)
        {
            text.Append("  ").Append(key).Append('=');
            switch (value.Type)
            {
                case AttributeType.Bool:
                    text.Append(value.Bool ? "True" : "False");
                    break;
                case AttributeType.Int:
                    text.Append(value.Int.ToString(CultureInfo.InvariantCulture));
                    break;
                case AttributeType.Double:
                    text.Append(value.Double.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(value.String);
                    break;
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
