using System.Diagnostics;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>The span-shaping arguments: <c>kind=</c>, <c>name=</c>, <c>status=</c>, <c>status-description=</c>,
/// <c>http-status=</c>.</summary>
internal sealed partial class MessageInterpreter
{
    /// <summary>
    /// <c>kind=</c> applies to the current span when this message creates it: at once if it already did, else when a
    /// later <c>child-of=</c>/<c>tag=</c>… of this message does; a span that existed before keeps its kind.
    /// </summary>
    private void SetKind(OpenTrace trace, in SpopValue value, bool hasSelection, ReadOnlySpan<byte> selected, ref OpenSpan? current, TracingMetrics metrics)
    {
        if (!hasSelection || !SpanStatuses.TryParseKind(value, out var kind))
        {
            ArgumentError(metrics, "kind= needs a current span and one of server, client, internal, producer, consumer");
            return;
        }

        current ??= trace.Find(selected);
        if (current is null)
        {
            _pendingKind = kind;
        }
        else if (CreatedByThisMessage(current))
        {
            current.Kind = kind;
        }
        else
        {
            ArgumentError(metrics, $"kind= for span '{current.Name}', which an earlier message created (a span's kind is fixed when it starts)");
        }
    }

    private void DropPendingKind(TracingMetrics metrics)
    {
        if (_pendingKind is not null)
        {
            _pendingKind = null;
            ArgumentError(metrics, "kind= but the message created no span for it");
        }
    }

    private bool CreatedByThisMessage(OpenSpan span)
    {
        foreach (var op in Ops)
        {
            if (op.Kind == SpanOpKind.Create && ReferenceEquals(op.Span, span))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryStatusOp(Directive directive, in SpopValue value, TracingMetrics metrics, out SpanOpKind kind, out object? opValue)
    {
        opValue = null;
        switch (directive)
        {
            case Directive.Status:
                kind = SpanOpKind.Status;
                if (!SpanStatuses.TryParseStatus(value, out var status))
                {
                    ArgumentError(metrics, "status= needs ok, error, unset or \"error: description\"");
                    return false;
                }

                opValue = status;
                return true;
            case Directive.Name:
                kind = SpanOpKind.Rename;
                if (value.Type == SpopDataType.Binary || value.IsNull || (value.Type == SpopDataType.String && value.Bytes.IsEmpty))
                {
                    ArgumentError(metrics, "name= needs a non-empty text");
                    return false;
                }

                opValue = value.ToString();
                return true;
            case Directive.StatusDescription:
                kind = SpanOpKind.StatusDescription;
                if (value.Type == SpopDataType.Binary)
                {
                    ArgumentError(metrics, "status-description= needs text");
                    return false;
                }

                opValue = value.ToString();
                return true;
            default:
                kind = SpanOpKind.HttpStatus;
                if (value.IsNull)
                {
                    // No response status (the server never answered): nothing to apply.
                    return false;
                }

                if (!SpanStatuses.TryParseHttpStatus(value, out var code))
                {
                    ArgumentError(metrics, "http-status= needs an HTTP status code (100-599)");
                    return false;
                }

                opValue = code;
                return true;
        }
    }
}
