using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Requests;
using SpoaOpenTracing.Tracing.Sampling;
using SpoaOpenTracing.Tracing.Spans;


namespace SpoaOpenTracing.Tracing;

/// <summary>
/// Turns <c>opentracing:*</c> messages into span records (the grammar of the C spoa-opentracing: <c>id</c>,
/// <c>span</c>, <c>child-of</c>, <c>follows-from</c>, <c>tag</c>, <c>baggage</c>, <c>log</c>, <c>finish</c>; plus
/// <c>kind</c>, <c>name</c>, <c>status</c>, <c>status-description</c>, <c>http-status</c>, the incoming context
/// headers, <c>ts</c>/<c>start-ts</c>/<c>finish-ts</c>, <c>inject</c> and <c>require-context</c>), and the
/// one-exchange message whose first argument is <c>trace-id</c>: one finished request with the context HAProxy minted
/// (<see cref="Requests.RequestMessageReader"/>), recorded without any state.
/// Thread-safe; never blocks on export. Whether a trace is recorded is decided once, by its first message; a trace
/// that is not keeps no state. Traces idle for <see cref="TracingOptions.IdleTimeout"/> are ended by a reaper with
/// status Error; a closing connection ends nothing.
/// </summary>
public sealed partial class TracingEngine : IMessageHandler, IDisposable
{
    /// <summary>The instrumentation scope of exported spans.</summary>
    public const string ScopeName = "SpoaOpenTracing";

    private readonly TracingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SpanPipeline _pipeline;
    private readonly TraceTable _table;
    private readonly SpanWriter _writer;
    private readonly RequestSpanBuilder _requests;
    private readonly ITimer _reaper;
    private readonly NameCache _names = new();
    private readonly LogLimiter _messageLog = new();
    private readonly LogLimiter _argumentLog = new();
    private readonly LogLimiter _traceCapLog = new();
    private readonly TraceSampler _sampler;
    private readonly long _traceIdSeed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
    private int _disposed;

    public TracingEngine(TracingOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, null, TimeProvider.System, ScopeName)
    {
    }

    /// <summary>Also shows every span to <paramref name="listener"/> as it ends (e.g. a collector in tests).</summary>
    public TracingEngine(TracingOptions options, ILoggerFactory? loggerFactory, ISpanListener listener)
        : this(options, loggerFactory, listener, TimeProvider.System, ScopeName)
    {
    }

    internal TracingEngine(TracingOptions options, ILoggerFactory? loggerFactory, ISpanListener? listener, TimeProvider time, string scopeName)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SpoaOpenTracing.Tracing");
        _pipeline = ExporterFactory.Build(options, ExportResource.From(options, scopeName), listener, Metrics, _logger);
        Metrics.SetQueueDepthSource(() => _pipeline.QueueDepth);
        _table = new TraceTable(Metrics, options.MaxOpenTraces);
        _writer = new SpanWriter(_pipeline, options, Metrics);
        _requests = new RequestSpanBuilder(_pipeline, new AttributeLimits(options, Metrics), Metrics);
        _sampler = new TraceSampler(options.Sampler, options.SamplerArgument, options.RateLimitPerSecond, time);
        var period = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _reaper = time.CreateTimer(static state => ((TracingEngine)state!).ReapTick(), this, period, period);
    }

    /// <summary>The prefix of the messages this engine handles; others are ignored.</summary>
    public static ReadOnlySpan<byte> MessagePrefix => "opentracing:"u8;

    public TracingMetrics Metrics { get; } = new();

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        if (!message.NameStartsWith(MessagePrefix))
        {
            return;
        }

        Metrics.MessageHandled();
        var now = _time.GetUtcNow().UtcDateTime;
        var arguments = message.Arguments;
        var hasFirst = arguments.MoveNext();
        if (hasFirst && RequestMessageReader.IsRequestMessage(arguments.Current))
        {
            HandleRequestMessage(message, now);
            return;
        }

        if (!hasFirst || !arguments.Current.NameEquals("id"u8) || arguments.Current.Value.IsNull
            || (arguments.Current.Value.Type == SpopDataType.String && arguments.Current.Value.Bytes.IsEmpty))
        {
            MessageFailed(message, "HAProxy unique ID not set (use: args id=unique-id)");
            return;
        }

        var id = arguments.Current.Value;
        var options = new MessageOptions();
        Span<char> stack = stackalloc char[TraceTable.StackKeyLimit];
        var key = TraceTable.DecodeKey(id, stack, out var rented);
        try
        {
            Dispatch(message, arguments, key, ref options, ref actions, now);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Exports the spans of one finished request whose context HAProxy minted (a trace log line, a one-exchange SPOE
    /// message), with exactly its ids; touches no trace table, so any number of agents can share the work.
    /// Thread-safe; <paramref name="request"/> is only read during the call.
    /// </summary>
    public RequestOutcome Record(RequestRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _requests.Record(request);
    }

    /// <summary>Exports what has ended so far; false if <paramref name="timeout"/> passed first.</summary>
    public bool ForceFlush(TimeSpan timeout) => _pipeline.ForceFlush(timeout);

    /// <summary>Stops the reaper, flushes and shuts the exporters down within <see cref="TracingOptions.BatchExportTimeout"/>.
    /// Open spans are not ended: their trace is incomplete, not failed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _reaper.Dispose();
        if (!_pipeline.Shutdown(_options.BatchExportTimeout))
        {
            TracingLog.ShutdownIncomplete(_logger, _options.BatchExportTimeout);
        }

        _pipeline.Dispose();
        Metrics.Dispose();
    }

    /// <summary>Ends every trace idle for <see cref="TracingOptions.IdleTimeout"/> at the current time; returns how many.</summary>
    internal int ReapIdle()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var limit = now.Ticks - _options.IdleTimeout.Ticks;
        int traces = 0, spans = 0;
        foreach (var trace in _table.Traces)
        {
            if (trace.LastSeenTicks > limit)
            {
                continue;
            }

            lock (trace)
            {
                if (trace.Removed || trace.LastSeenTicks > limit)
                {
                    continue;
                }

                for (var i = trace.Spans.Count - 1; i >= 0; i--)
                {
                    _writer.End(trace.Spans[i], now, reaped: true);
                    spans++;
                }

                trace.Spans.Clear();
                _table.Remove(trace);
                Metrics.TraceReaped();
                traces++;
            }
        }

        if (traces > 0)
        {
            TracingLog.Reaped(_logger, traces, spans);
        }

        return traces;
    }

    /// <summary>Options decide whether a trace starts, so a message without a trace has them read first; a message of
    /// an existing trace has them read in the grammar's pass (<see cref="MessageInterpreter.Collect"/>).</summary>
    private void Dispatch(in SpopMessage message, SpopMessage.ArgumentEnumerator arguments, scoped ReadOnlySpan<char> key,
        ref MessageOptions options, ref ActionWriter actions, DateTime now)
    {
        var interpreter = MessageInterpreter.ForCurrentThread();
        var optionsRead = false;
        while (true)
        {
            var trace = _table.TryGet(key);
            var started = false;
            if (trace is null)
            {
                if (!optionsRead)
                {
                    options.Read(arguments);
                    optionsRead = true;
                    ReportOptionErrors(message, ref options);
                }

                trace = TryStart(key, ref options, ref actions, now);
                if (trace is null)
                {
                    return;
                }

                started = true;
            }

            lock (trace)
            {
                // The reaper or the last finish may have removed it between lookup and lock: look again.
                if (trace.Removed)
                {
                    continue;
                }

                trace.Touch(now);
                Handle(message, arguments, trace, interpreter, ref options, !optionsRead, ref actions, now);
                if (started && !options.HasInject)
                {
                    actions.SetVar(VarScope.Transaction, ContextInjector.SampledVar, SpopValue.FromBoolean(true));
                }

                return;
            }
        }
    }

    private void Handle(in SpopMessage message, SpopMessage.ArgumentEnumerator arguments, OpenTrace trace, MessageInterpreter interpreter,
        ref MessageOptions options, bool readOptions, ref ActionWriter actions, DateTime now)
    {
        var before = trace.Spans.Count;
        var collected = interpreter.Collect(arguments, trace, _options.MaxSpansPerTrace, Metrics, _names, ref options, readOptions, out var failure);
        if (readOptions)
        {
            ReportOptionErrors(message, ref options);
        }

        if (!collected)
        {
            MessageInterpreter.Rollback(trace, before);
            if (trace.Spans.Count == 0)
            {
                _table.Remove(trace);
            }

            MessageFailed(message, failure!);
            return;
        }

        if (interpreter.ArgumentErrors.Count > 0 && _argumentLog.TryEnter(out var suppressed))
        {
            TracingLog.ArgumentRefused(_logger, LogText.Bounded(message.Name), LogText.Bounded(string.Join("; ", interpreter.ArgumentErrors)), suppressed);
        }

        var eventTime = options.Time ?? now;
        foreach (var op in interpreter.Ops)
        {
            _writer.Apply(trace, op, options.StartTime ?? eventTime, eventTime);
        }

        if (options.HasInject)
        {
            Inject(trace, ref options, ref actions, message);
        }

        FinishMarked(trace, interpreter.FinishAll, options.FinishTime ?? eventTime);

        if (trace.Spans.Count == 0)
        {
            _table.Remove(trace);
        }
    }

    private void FinishMarked(OpenTrace trace, bool all, DateTime now)
    {
        var spans = trace.Spans;
        var kept = 0;
        // Children were created after their parents: ending from the back ends children first, the root last.
        for (var i = spans.Count - 1; i >= 0; i--)
        {
            var span = spans[i];
            if (all || span.MarkedForFinish)
            {
                _writer.End(span, now, reaped: false);
                spans[i] = null!;
            }
            else
            {
                kept++;
            }
        }

        if (kept != spans.Count)
        {
            spans.RemoveAll(static s => s is null);
        }
    }

    private void ReportOptionErrors(in SpopMessage message, ref MessageOptions options)
    {
        if (options.ErrorCount == 0)
        {
            return;
        }

        Metrics.ArgumentError(options.ErrorCount);

        if (_argumentLog.TryEnter(out var suppressed))
        {
            TracingLog.ArgumentRefused(_logger, LogText.Bounded(message.Name), options.Error!, suppressed);
        }
    }

    private void MessageFailed(in SpopMessage message, string reason)
    {
        Metrics.MessageError();
        if (_messageLog.TryEnter(out var suppressed))
        {
            TracingLog.MessageFailed(_logger, LogText.Bounded(message.Name), LogText.Bounded(reason), suppressed);
        }
    }

    private void ReapTick()
    {
        try
        {
            ReapIdle();
        }
        catch (Exception e)
        {
            // A timer callback that throws would take the process down; the next tick tries again.
            TracingLog.ReaperFailed(_logger, e);
        }
    }
}
