using System.Buffers;
using System.Text;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Spans;

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
/// <c>inject=</c>, <c>require-context=</c>) go to <see cref="MessageOptions"/>. One instance per thread, reused: each
/// directive has its method below, and the state of the pass lives in the fields.
/// </remarks>
internal sealed partial class MessageInterpreter
{
    [ThreadStatic]
    private static MessageInterpreter? t_instance;

    private readonly ArrayBufferWriter<byte> _text = new(256);
    private readonly ArrayBufferWriter<byte> _selection = new(64);
    private OpenTrace _trace = null!;
    private TracingMetrics _metrics = null!;
    private NameCache _names = null!;
    private int _maxSpans;
    private bool _hasSelection;
    private OpenSpan? _current;
    private string? _failure;
    private SpanOpKind _entryKind;
    private bool _entryOpen;
    private bool _entryRefused;
    private OpenSpan? _entrySpan;
    private string? _entryKey;
    private int _entryCount;
    private AttributeValue? _entryTyped;
    private SpanKind? _pendingKind;

    public List<SpanOp> Ops { get; } = new();

    /// <summary>Arguments refused on their own (the rest of the message went on).</summary>
    public List<string> ArgumentErrors { get; } = new();

    public bool FinishAll { get; private set; }

    public static MessageInterpreter ForCurrentThread() => t_instance ??= new MessageInterpreter();

    /// <summary>False when the message as a whole must be ignored; <paramref name="failure"/> says why. With
    /// <paramref name="readOptions"/>, the message-wide options are read into <paramref name="options"/> in the same
    /// pass (a message of a trace that already exists needs no pass of their own).</summary>
    public bool Collect(SpopMessage.ArgumentEnumerator arguments, OpenTrace trace, int maxSpans, TracingMetrics metrics, NameCache names,
        ref MessageOptions options, bool readOptions, out string? failure)
    {
        Reset(trace, maxSpans, metrics);
        _names = names;
        var last = Directive.Unknown;
        foreach (var argument in arguments)
        {
            var named = !argument.Name.IsEmpty;
            var directive = named ? DirectiveNames.Classify(argument) : last;
            var value = argument.Value;
            if (directive is not (Directive.Tag or Directive.Baggage or Directive.Log) || named)
            {
                CloseEntry();
            }

            var ok = directive switch
            {
                Directive.Unknown => Fail(named
                    ? $"unknown argument '{Encoding.UTF8.GetString(argument.Name)}'"
                    : "an unnamed argument has no argument to continue"),
                Directive.Id => Fail("id= must be the first argument, and only once"),
                Directive.Span => Select(value),
                Directive.ChildOf or Directive.FollowsFrom => Reference(value, directive == Directive.FollowsFrom),
                Directive.Tag or Directive.Baggage or Directive.Log => named ? OpenEntry(directive, value) : AddDatum(value),
                Directive.Kind => !named || SetKind(value),
                Directive.Status or Directive.StatusDescription or Directive.HttpStatus or Directive.Name => !named || SpanOption(directive, value),
                Directive.Finish => Finish(value),
                _ => ReadOption(ref options, argument, readOptions && named),
            };

            if (!ok)
            {
                failure = _failure;
                return false;
            }

            last = directive;
        }

        CloseEntry();
        DropPendingKind();
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

    /// <summary>A message-wide option, read here when the caller has not read the options already. Unnamed values
    /// after an option are its own, and ignored.</summary>
    private static bool ReadOption(ref MessageOptions options, in SpopArgument argument, bool read)
    {
        if (read)
        {
            options.ReadOne(argument);
        }

        return true;
    }

    /// <summary><c>span=</c>: selects the current span by name; it is looked up (or created) by what follows.</summary>
    private bool Select(in SpopValue value)
    {
        DropPendingKind();
        if (!ValueText.TryGetName(value, out var name) || name.IsEmpty)
        {
            return ArgumentError("span= needs a non-empty, non-binary name");
        }

        _selection.ResetWrittenCount();
        _selection.Write(name);
        _hasSelection = true;
        _current = null;
        return true;
    }

    /// <summary><c>child-of=</c> / <c>follows-from=</c>: creates the current span under an open one, unless it is open.</summary>
    private bool Reference(in SpopValue value, bool followsFrom)
    {
        if (!_hasSelection || !ValueText.TryGetName(value, out var parentName) || parentName.IsEmpty)
        {
            return ArgumentError("child-of=/follows-from= need a current span and a non-empty, non-binary parent name");
        }

        _current ??= _trace.Find(_selection.WrittenSpan);
        if (_current is not null)
        {
            return true;
        }

        var parent = _trace.Find(parentName);
        if (parent is null)
        {
            _metrics.InvalidReference();
            return Fail($"span '{Encoding.UTF8.GetString(_selection.WrittenSpan)}' refers to '{Encoding.UTF8.GetString(parentName)}', which is not an open span of this trace");
        }

        return TryCreate(parent, followsFrom);
    }

    /// <summary><c>tag=</c> / <c>baggage=</c> / <c>log=</c>: the key; the values follow unnamed.</summary>
    private bool OpenEntry(Directive directive, in SpopValue key)
    {
        _entryOpen = true;
        _entryKind = directive switch { Directive.Tag => SpanOpKind.Tag, Directive.Baggage => SpanOpKind.Baggage, _ => SpanOpKind.Log };
        if (!_hasSelection || key.Type == SpopDataType.Binary || key.IsNull)
        {
            _entryRefused = true;
            return ArgumentError("tag=/baggage=/log= need a current span and a non-binary key");
        }

        if (!CurrentOrRoot())
        {
            return false;
        }

        _entrySpan = _current;
        // Keys come from the SPOE configuration and repeat on every request: shared, like span names.
        _entryKey = key.Type == SpopDataType.String ? _names.Get(key.Bytes).Name : key.ToString();
        return true;
    }

    private bool AddDatum(in SpopValue value)
    {
        if (_entryRefused)
        {
            return true;
        }

        if (value.Type == SpopDataType.Binary)
        {
            _entryRefused = true;
            return ArgumentError($"'{_entryKey}': binary values are not supported");
        }

        // A first bool or integer keeps its type in case it stays alone; the text is built anyway for concatenation.
        _entryTyped = ++_entryCount == 1 && ValueText.IsTyped(value) ? ValueText.TypedAttribute(value) : (AttributeValue?)null;
        ValueText.AppendUtf8(_text, value);
        return true;
    }

    /// <summary><c>finish=</c>: marks a named span, <c>*</c> every open span, empty the current one.</summary>
    private bool Finish(in SpopValue value)
    {
        if (!ValueText.TryGetName(value, out var name))
        {
            return ArgumentError("finish= needs a non-binary name");
        }

        if (name.SequenceEqual("*"u8))
        {
            FinishAll = true;
            return true;
        }

        OpenSpan? target = null;
        if (!name.IsEmpty)
        {
            target = _trace.Find(name);
        }
        else if (_hasSelection)
        {
            target = _current ??= _trace.Find(_selection.WrittenSpan);
        }

        if (target is null)
        {
            _metrics.InvalidReference();
            return ArgumentError(name.IsEmpty
                ? (_hasSelection ? "finish= (current span): the current span is not open" : "finish= (current span): no span selected")
                : $"finish='{Encoding.UTF8.GetString(name)}': not an open span of this trace");
        }

        target.MarkedForFinish = true;
        return true;
    }

    /// <summary>The current span, created as a root if it is not open yet; false when the cap refused it.</summary>
    private bool CurrentOrRoot()
    {
        _current ??= _trace.Find(_selection.WrittenSpan);
        return _current is not null || TryCreate(null, false);
    }

    private bool TryCreate(OpenSpan? parent, bool followsFrom)
    {
        var name = _selection.WrittenSpan;
        if (_trace.Spans.Count >= _maxSpans)
        {
            _metrics.SpanDropped();
            return Fail($"span '{Encoding.UTF8.GetString(name)}' refused: the trace has {_maxSpans} open spans (MaxSpansPerTrace)");
        }

        var (text, utf8) = _names.Get(name);
        var span = new OpenSpan(text, utf8, parent, followsFrom);
        if (_pendingKind is { } kind)
        {
            span.Kind = kind;
            _pendingKind = null;
        }

        _trace.Spans.Add(span);
        Ops.Add(new SpanOp(SpanOpKind.Create, span, null, default));
        _current = span;
        return true;
    }

    private void CloseEntry()
    {
        if (_entryOpen && !_entryRefused)
        {
            if (_entryCount == 0)
            {
                ArgumentError($"'{_entryKey}' has no value");
            }
            else
            {
                var value = _entryCount == 1 && _entryKind == SpanOpKind.Tag && _entryTyped is { } typed
                    ? typed
                    : (AttributeValue)Encoding.UTF8.GetString(_text.WrittenSpan);
                Ops.Add(new SpanOp(_entryKind, _entrySpan!, _entryKey, value));
            }
        }

        _entryOpen = false;
        _entryRefused = false;
        _entrySpan = null;
        _entryKey = null;
        _entryCount = 0;
        _entryTyped = null;
        _text.ResetWrittenCount();
    }

    /// <summary>Counts and records an argument refused on its own; the message goes on (true).</summary>
    private bool ArgumentError(string reason)
    {
        _metrics.ArgumentError();
        ArgumentErrors.Add(reason);
        return true;
    }

    /// <summary>Records why the whole message fails (false).</summary>
    private bool Fail(string reason)
    {
        _failure = reason;
        return false;
    }

    private void Reset(OpenTrace trace, int maxSpans, TracingMetrics metrics)
    {
        _trace = trace;
        _maxSpans = maxSpans;
        _metrics = metrics;
        _hasSelection = false;
        _current = null;
        _failure = null;
        _pendingKind = null;
        _selection.ResetWrittenCount();
        Ops.Clear();
        ArgumentErrors.Clear();
        FinishAll = false;
        CloseEntry();
    }
}
