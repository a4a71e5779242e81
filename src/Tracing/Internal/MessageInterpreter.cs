using System.Buffers;
using System.Diagnostics;
using System.Text;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Walks the arguments of one <c>opentracing:</c> message (after <c>id=</c>) under its trace's lock and collects
/// what the message asks for, without touching any span: new spans are appended to the trace (and removed again by
/// <see cref="Rollback"/> if the message fails), everything else becomes a <see cref="SpanOp"/> or a finish mark.
/// Nothing is applied until the whole message has been read, so a failing message changes nothing.
/// </summary>
/// <remarks>
/// Grammar (the seed's): <c>span=</c> selects the current span; <c>child-of=</c>/<c>follows-from=</c> create it
/// under a named open span (or reuse it if it is open, ignoring the reference); <c>tag=</c>, <c>baggage=</c>,
/// <c>log=</c> take their key from the named argument and their value from the unnamed ones that follow, creating
/// the current span as a root if needed; <c>finish=</c> marks a named span, <c>*</c> every open span, empty the
/// current one. An unnamed argument continues the previous directive. Added here: <c>kind=</c> (when the span is
/// created), <c>name=</c> (the exported name, e.g. the HTTP method, while <c>span=</c> stays the handle),
/// <c>status=</c>, <c>status-description=</c>, <c>http-status=</c>; message-wide options (context headers, times,
/// <c>inject=</c>, <c>require-context=</c>) go to <see cref="MessageOptions"/>. One instance
/// per thread, reused.
/// </remarks>
internal sealed partial class MessageInterpreter
{
    [ThreadStatic]
    private static MessageInterpreter? t_instance;

    private readonly ArrayBufferWriter<byte> _text = new(256);
    private SpanOpKind _entryKind;
    private bool _entryOpen;
    private bool _entryRefused;
    private OpenSpan? _entrySpan;
    private string? _entryKey;
    private int _entryCount;
    private object? _entryTyped;
    private ActivityKind? _pendingKind;

    public List<SpanOp> Ops { get; } = new();

    /// <summary>Arguments refused on their own (the rest of the message went on).</summary>
    public List<string> ArgumentErrors { get; } = new();

    public bool FinishAll { get; private set; }

    public static MessageInterpreter ForCurrentThread() => t_instance ??= new MessageInterpreter();

    /// <summary>False when the message as a whole must be ignored; <paramref name="failure"/> says why. With
    /// <paramref name="readOptions"/>, the message-wide options are read into <paramref name="options"/> in the same
    /// pass (a message of a trace that already exists needs no pass of their own).</summary>
    public bool Collect(SpopMessage.ArgumentEnumerator arguments, OpenTrace trace, int maxSpans, TracingMetrics metrics,
        ref MessageOptions options, bool readOptions, out string? failure)
    {
        Reset();
        ReadOnlySpan<byte> selected = default;
        var hasSelection = false;
        OpenSpan? current = null;
        var last = Directive.Unknown;
        foreach (var argument in arguments)
        {
            var named = !argument.Name.IsEmpty;
            var directive = named ? Classify(argument) : last;
            var value = argument.Value;
            switch (directive)
            {
                case Directive.Unknown:
                    failure = named
                        ? $"unknown argument '{Encoding.UTF8.GetString(argument.Name)}'"
                        : "an unnamed argument has no argument to continue";
                    return false;

                case Directive.Id:
                    failure = "id= must be the first argument, and only once";
                    return false;

                case Directive.Span:
                    CloseEntry(metrics);
                    DropPendingKind(metrics);
                    if (!ValueText.TryGetName(value, out var name) || name.IsEmpty)
                    {
                        ArgumentError(metrics, "span= needs a non-empty, non-binary name");
                        break;
                    }

                    selected = name;
                    hasSelection = true;
                    current = null;
                    break;

                case Directive.ChildOf or Directive.FollowsFrom:
                    CloseEntry(metrics);
                    if (!hasSelection || !ValueText.TryGetName(value, out var parentName) || parentName.IsEmpty)
                    {
                        ArgumentError(metrics, "child-of=/follows-from= need a current span and a non-empty, non-binary parent name");
                        break;
                    }

                    current ??= trace.Find(selected);
                    if (current is not null)
                    {
                        break;
                    }

                    var parent = trace.Find(parentName);
                    if (parent is null)
                    {
                        metrics.InvalidReference();
                        failure = $"span '{Encoding.UTF8.GetString(selected)}' refers to '{Encoding.UTF8.GetString(parentName)}', which is not an open span of this trace";
                        return false;
                    }

                    if (!TryCreate(trace, selected, parent, directive == Directive.FollowsFrom, maxSpans, metrics, out current, out failure))
                    {
                        return false;
                    }

                    break;

                case Directive.Tag or Directive.Baggage or Directive.Log:
                    if (!named)
                    {
                        AddDatum(metrics, value);
                        break;
                    }

                    CloseEntry(metrics);
                    _entryOpen = true;
                    _entryKind = directive switch { Directive.Tag => SpanOpKind.Tag, Directive.Baggage => SpanOpKind.Baggage, _ => SpanOpKind.Log };
                    if (!hasSelection || value.Type == SpopDataType.Binary || value.IsNull)
                    {
                        RefuseEntry(metrics, "tag=/baggage=/log= need a current span and a non-binary key");
                        break;
                    }

                    current ??= trace.Find(selected);
                    if (current is null && !TryCreate(trace, selected, null, false, maxSpans, metrics, out current, out failure))
                    {
                        return false;
                    }

                    _entrySpan = current;
                    // Keys come from the SPOE configuration and repeat on every request: shared, like span names.
                    _entryKey = value.Type == SpopDataType.String ? ConfigNames.Get(value.Bytes).Name : value.ToString();
                    break;

                case Directive.Option:
                    // Unnamed values after an option are its own, and ignored.
                    CloseEntry(metrics);
                    if (readOptions && named)
                    {
                        options.ReadOne(argument);
                    }

                    break;

                case Directive.Kind:
                    CloseEntry(metrics);
                    if (named)
                    {
                        SetKind(trace, value, hasSelection, selected, ref current, metrics);
                    }

                    break;

                case Directive.Status or Directive.StatusDescription or Directive.HttpStatus or Directive.Name:
                    CloseEntry(metrics);
                    if (!named)
                    {
                        break;
                    }

                    if (!hasSelection)
                    {
                        ArgumentError(metrics, "name=/status=/status-description=/http-status= need a current span");
                        break;
                    }

                    if (!TryStatusOp(directive, value, metrics, out var opKind, out var opValue))
                    {
                        break;
                    }

                    current ??= trace.Find(selected);
                    if (current is null && !TryCreate(trace, selected, null, false, maxSpans, metrics, out current, out failure))
                    {
                        return false;
                    }

                    Ops.Add(new SpanOp(opKind, current!, null, opValue));
                    break;

                case Directive.Finish:
                    CloseEntry(metrics);
                    Finish(trace, value, hasSelection ? current ?? trace.Find(selected) : null, hasSelection, metrics);
                    break;
            }

            last = directive;
        }

        CloseEntry(metrics);
        DropPendingKind(metrics);
        failure = null;
        return true;
    }

    /// <summary>Undoes what a failed <see cref="Collect"/> left on the trace.</summary>
    public static void Rollback(OpenTrace trace, int spanCountBefore)
    {
        trace.Spans.RemoveRange(spanCountBefore, trace.Spans.Count - spanCountBefore);
        foreach (var span in trace.Spans)
        {
            span.MarkedForFinish = false;
        }
    }

    private static Directive Classify(in SpopArgument argument)
    {
        if (argument.NameEquals("span"u8))
        {
            return Directive.Span;
        }

        if (argument.NameEquals("tag"u8))
        {
            return Directive.Tag;
        }

        if (argument.NameEquals("finish"u8))
        {
            return Directive.Finish;
        }

        if (argument.NameEquals("child-of"u8))
        {
            return Directive.ChildOf;
        }

        if (argument.NameEquals("follows-from"u8))
        {
            return Directive.FollowsFrom;
        }

        if (argument.NameEquals("baggage"u8))
        {
            return Directive.Baggage;
        }

        if (argument.NameEquals("log"u8))
        {
            return Directive.Log;
        }

        if (argument.NameEquals("id"u8))
        {
            return Directive.Id;
        }

        if (argument.NameEquals("kind"u8))
        {
            return Directive.Kind;
        }

        if (argument.NameEquals("status"u8))
        {
            return Directive.Status;
        }

        if (argument.NameEquals("http-status"u8))
        {
            return Directive.HttpStatus;
        }

        if (argument.NameEquals("status-description"u8))
        {
            return Directive.StatusDescription;
        }

        if (argument.NameEquals("name"u8))
        {
            return Directive.Name;
        }

        return MessageOptions.IsOption(argument) ? Directive.Option : Directive.Unknown;
    }

    private bool TryCreate(OpenTrace trace, scoped ReadOnlySpan<byte> name, OpenSpan? parent, bool followsFrom, int maxSpans,
        TracingMetrics metrics, out OpenSpan? span, out string? failure)
    {
        if (trace.Spans.Count >= maxSpans)
        {
            metrics.SpanDropped();
            failure = $"span '{Encoding.UTF8.GetString(name)}' refused: the trace has {maxSpans} open spans (MaxSpansPerTrace)";
            span = null;
            return false;
        }

        span = new OpenSpan(name, parent, followsFrom);
        if (_pendingKind is { } kind)
        {
            span.Kind = kind;
            _pendingKind = null;
        }

        trace.Spans.Add(span);
        Ops.Add(new SpanOp(SpanOpKind.Create, span, null, null));
        failure = null;
        return true;
    }

    private void Finish(OpenTrace trace, in SpopValue value, OpenSpan? current, bool hasSelection, TracingMetrics metrics)
    {
        if (!ValueText.TryGetName(value, out var name))
        {
            ArgumentError(metrics, "finish= needs a non-binary name");
            return;
        }

        if (name.SequenceEqual("*"u8))
        {
            FinishAll = true;
            return;
        }

        var target = name.IsEmpty ? current : trace.Find(name);
        if (target is null)
        {
            metrics.InvalidReference();
            ArgumentError(metrics, name.IsEmpty
                ? (hasSelection ? "finish= (current span): the current span is not open" : "finish= (current span): no span selected")
                : $"finish='{Encoding.UTF8.GetString(name)}': not an open span of this trace");
            return;
        }

        target.MarkedForFinish = true;
    }

    private void AddDatum(TracingMetrics metrics, in SpopValue value)
    {
        if (_entryRefused)
        {
            return;
        }

        if (value.Type == SpopDataType.Binary)
        {
            RefuseEntry(metrics, $"'{_entryKey}': binary values are not supported");
            return;
        }

        // The first datum keeps its type in case it stays alone; the text is built anyway for concatenation.
        _entryTyped = ++_entryCount == 1 && value.Type != SpopDataType.String ? ValueText.TypedAttribute(value) : null;
        ValueText.AppendUtf8(_text, value);
    }

    private void CloseEntry(TracingMetrics metrics)
    {
        if (_entryOpen && !_entryRefused)
        {
            if (_entryCount == 0)
            {
                ArgumentError(metrics, $"'{_entryKey}' has no value");
            }
            else
            {
                var value = _entryCount == 1 && _entryKind == SpanOpKind.Tag && _entryTyped is not null
                    ? _entryTyped
                    : Encoding.UTF8.GetString(_text.WrittenSpan);
                Ops.Add(new SpanOp(_entryKind, _entrySpan!, _entryKey, value));
            }
        }

        CloseEntryState();
    }

    private void RefuseEntry(TracingMetrics metrics, string reason)
    {
        _entryRefused = true;
        ArgumentError(metrics, reason);
    }

    private void ArgumentError(TracingMetrics metrics, string reason)
    {
        metrics.ArgumentError();
        ArgumentErrors.Add(reason);
    }

    private void Reset()
    {
        Ops.Clear();
        ArgumentErrors.Clear();
        FinishAll = false;
        _pendingKind = null;
        CloseEntryState();
    }

    private void CloseEntryState()
    {
        _entryOpen = false;
        _entryRefused = false;
        _entrySpan = null;
        _entryKey = null;
        _entryCount = 0;
        _entryTyped = null;
        _text.ResetWrittenCount();
    }
}
