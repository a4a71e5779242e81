using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>The span-shaping arguments: <c>kind=</c>, <c>name=</c>, <c>status=</c>, <c>status-description=</c>,
/// <c>http-status=</c>.</summary>
internal sealed partial class MessageInterpreter
{
    /// <summary>
    /// <c>kind=</c> applies to the current span when this message creates it: at once if it already did, else when a
    /// later <c>child-of=</c>/<c>tag=</c>… of this message does; a span that existed before keeps its kind.
    /// </summary>
    private bool SetKind(in SpopValue value)
    {
        if (!_hasSelection || !SpanKindNames.TryParse(value, out var kind))
        {
            return ArgumentError("kind= needs a current span and one of server, client, internal, producer, consumer");
        }

        _current ??= _trace.Find(_selection.WrittenSpan);
        if (_current is null)
        {
            _pendingKind = kind;
        }
        else if (CreatedByThisMessage(_current))
        {
            _current.Kind = kind;
        }
        else
        {
            ArgumentError($"kind= for span '{_current.Name}', which an earlier message created (a span's kind is fixed when it starts)");
        }

        return true;
    }

    private void DropPendingKind()
    {
        if (_pendingKind is not null)
        {
            _pendingKind = null;
            ArgumentError("kind= but the message created no span for it");
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

    /// <summary><c>name=</c>, <c>status=</c>, <c>status-description=</c>, <c>http-status=</c> of the current span
    /// (created as a root if needed). A refused value is an argument error; the message goes on.</summary>
    private bool SpanOption(Directive directive, in SpopValue value)
    {
        if (!_hasSelection)
        {
            return ArgumentError("name=/status=/status-description=/http-status= need a current span");
        }

        SpanOp op;
        switch (directive)
        {
            case Directive.Status:
                if (!SpanStatuses.TryParseStatus(value, out var status))
                {
                    return ArgumentError("status= needs ok, error, unset or \"error: description\"");
                }

                op = new SpanOp(SpanOpKind.Status, null!, null, default, status);
                break;
            case Directive.Name:
                if (value.Type == SpopDataType.Binary || value.IsNull || (value.Type == SpopDataType.String && value.Bytes.IsEmpty))
                {
                    return ArgumentError("name= needs a non-empty text");
                }

                // Exported names repeat like span= names (the HTTP method): shared through the same cache.
                op = new SpanOp(SpanOpKind.Rename, null!, null, value.Type == SpopDataType.String ? _names.Get(value.Bytes).Name : value.ToString());
                break;
            case Directive.StatusDescription:
                if (value.Type == SpopDataType.Binary)
                {
                    return ArgumentError("status-description= needs text");
                }

                op = new SpanOp(SpanOpKind.StatusDescription, null!, null, value.ToString());
                break;
            default:
                if (value.IsNull)
                {
                    // No response status (the server never answered): nothing to apply.
                    return true;
                }

                if (!SpanStatuses.TryParseHttpStatus(value, out var code))
                {
                    return ArgumentError("http-status= needs an HTTP status code (100-599)");
                }

                op = new SpanOp(SpanOpKind.HttpStatus, null!, null, code);
                break;
        }

        if (!CurrentOrRoot())
        {
            return false;
        }

        Ops.Add(op with { Span = _current! });
        return true;
    }
}
