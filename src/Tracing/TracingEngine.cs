using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Sampling;


namespace SpoaOpenTracing.Tracing;

/// <summary>
/// Turns <c>opentracing:*</c> messages into OpenTelemetry spans (the grammar of the C spoa-opentracing: <c>id</c>,
/// <c>span</c>, <c>child-of</c>, <c>follows-from</c>, <c>tag</c>, <c>baggage</c>, <c>log</c>, <c>finish</c>; plus
/// <c>kind</c>, <c>name</c>, <c>status</c>, <c>status-description</c>, <c>http-status</c>, the incoming context
/// headers, <c>ts</c>/<c>start-ts</c>/<c>finish-ts</c>, <c>inject</c> and <c>require-context</c>).
/// Thread-safe; never blocks on export. Whether a trace is recorded is decided once, by its first message; a trace
/// that is not keeps no state. Traces idle for <see cref="TracingOptions.IdleTimeout"/> are ended by a reaper with
/// status Error; a closing connection ends nothing.
/// </summary>
public sealed partial class TracingEngine : IMessageHandler, IDisposable
{
    /// <summary>The default ActivitySource name (the instrumentation scope of exported spans).</summary>
    public const string SourceName = "SpoaOpenTracing";

    private readonly TracingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ActivitySource _source;
    private readonly TracerProvider? _provider;
    private readonly TraceTable _table;
    private readonly SpanWriter _writer;
    private readonly ITimer _reaper;
    private readonly LogLimiter _messageLog = new();
    private readonly LogLimiter _argumentLog = new();
    private readonly LogLimiter _traceCapLog = new();
    private readonly TraceSampler _sampler;
    private readonly long _traceIdSeed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
    private int _disposed;

    public TracingEngine(TracingOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, null, TimeProvider.System, SourceName)
    {
    }

    /// <summary>Also sends every span to <paramref name="additionalProcessor"/> (e.g. an in-memory exporter in tests).</summary>
    public TracingEngine(TracingOptions options, ILoggerFactory? loggerFactory, BaseProcessor<Activity> additionalProcessor)
        : this(options, loggerFactory, additionalProcessor, TimeProvider.System, SourceName)
    {
    }

    internal TracingEngine(TracingOptions options, ILoggerFactory? loggerFactory, BaseProcessor<Activity>? additionalProcessor,
        TimeProvider time, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SpoaOpenTracing.Tracing");
        _source = new ActivitySource(sourceName);
        _provider = ExporterFactory.Build(options, _source, Metrics, _logger, additionalProcessor, out var batch);
        if (batch is not null)
        {
            Metrics.SetQueueDepthSource(() => batch.QueueDepth);
        }

        _table = new TraceTable(Metrics, options.MaxOpenTraces);
        _writer = new SpanWriter(_source, options, Metrics);
        SamplerNames.TryParse(options.Sampler, out var samplerKind);
        _sampler = new TraceSampler(samplerKind, options.SamplerArgument, options.RateLimitPerSecond, time);
        var period = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _reaper = time.CreateTimer(static state => ((TracingEngine)state!).ReapTick(), this, period, period);
    }

    public TracingMetrics Metrics { get; } = new();

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        if (!message.NameStartsWith("opentracing:"u8))
        {
            return;
        }

        Metrics.MessageHandled();
        var now = _time.GetUtcNow().UtcDateTime;
        var arguments = message.Arguments;
        if (!arguments.MoveNext() || !arguments.Current.NameEquals("id"u8) || arguments.Current.Value.IsNull
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

    /// <summary>Exports what has ended so far; false if <paramref name="timeout"/> passed first.</summary>
    public bool ForceFlush(TimeSpan timeout) => _provider?.ForceFlush(Milliseconds(timeout)) ?? true;

    /// <summary>Stops the reaper, flushes and shuts the exporters down within <see cref="TracingOptions.BatchExportTimeout"/>.
    /// Open spans are not ended: their trace is incomplete, not failed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _reaper.Dispose();
        if (_provider is not null && !_provider.Shutdown(Milliseconds(_options.BatchExportTimeout)))
        {
            TracingLog.ShutdownIncomplete(_logger, _options.BatchExportTimeout);
        }

        _provider?.Dispose();
        _source.Dispose();
    }

    /// <summary>Ends every trace idle for <see cref="TracingOptions.IdleTimeout"/> at the current time; returns how many.</summary>
    internal int ReapIdle()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var limit = now.Ticks - _options.IdleTimeout.Ticks;
        int traces = 0, spans = 0;
        var saved = Activity.Current;
        try
        {
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

                    Activity.Current = null;
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
        }
        finally
        {
            Activity.Current = saved;
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
        var collected = interpreter.Collect(arguments, trace, _options.MaxSpansPerTrace, Metrics, ref options, readOptions, out var failure);
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
        var saved = Activity.Current;
        try
        {
            // Spans start from explicit parents; the loop's ambient activity must not become anyone's parent.
            Activity.Current = null;
            foreach (var op in interpreter.Ops)
            {
                _writer.Apply(trace, op, options.StartTime ?? eventTime, eventTime);
            }

            if (options.HasInject)
            {
                Inject(trace, ref options, ref actions, message);
            }

            FinishMarked(trace, interpreter.FinishAll, options.FinishTime ?? eventTime);
        }
        finally
        {
            Activity.Current = saved;
        }

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
            TracingLog.ArgumentRefused(_logger, message.GetName(), options.Error!, suppressed);
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

    private static int Milliseconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
}
