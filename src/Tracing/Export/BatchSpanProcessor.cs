using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>
/// The bounded queue between the threads that end spans (the SPOP connection loops) and the exporter, with the SDK
/// batch processor's schedule (<c>OTEL_BSP_*</c>). Producers never wait: a full queue drops the span and counts it.
/// One background thread exports every <see cref="TracingOptions.ScheduledExportDelay"/>, or as soon as a batch is
/// full, and hands each exported record back to the pool.
/// </summary>
internal sealed class BatchSpanProcessor : IDisposable
{
    private readonly ISpanExporter _exporter;
    private readonly SpanPool _pool;
    private readonly ConcurrentQueue<SpanRecord> _queue = new();
    private readonly SpanRecord[] _batch;
    private readonly int _maxQueueSize;
    private readonly TimeSpan _delay;
    private readonly TracingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly LogLimiter _dropLog = new();
    private readonly LogLimiter _failLog = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _progress = new();
    private readonly Thread _thread;
    private long _count;
    private long _enqueued;
    private long _done;
    private int _drainRequested;
    private int _shutdown;
    private volatile bool _stopping;

    public BatchSpanProcessor(ISpanExporter exporter, SpanPool pool, TracingOptions options, TracingMetrics metrics, ILogger logger)
    {
        _exporter = exporter;
        _pool = pool;
        _maxQueueSize = options.MaxExportQueueSize;
        _batch = new SpanRecord[options.MaxExportBatchSize];
        _delay = options.ScheduledExportDelay;
        _metrics = metrics;
        _logger = logger;
        _thread = new Thread(ExportLoop) { IsBackground = true, Name = "spoa-opentracing export" };
        _thread.Start();
    }

    public long QueueDepth => Volatile.Read(ref _count);

    /// <summary>Takes ownership of <paramref name="span"/>: queued for export, or back to the pool when dropped.</summary>
    public void Enqueue(SpanRecord span)
    {
        var count = Interlocked.Increment(ref _count);
        if (count > _maxQueueSize || _stopping)
        {
            Interlocked.Decrement(ref _count);
            _pool.Return(span);
            _metrics.ExportQueueFull();
            if (_dropLog.TryEnter(out var suppressed))
            {
                TracingLog.ExportQueueFull(_logger, _maxQueueSize, suppressed);
            }

            return;
        }

        _queue.Enqueue(span);
        Interlocked.Increment(ref _enqueued);
        if (count == _batch.Length)
        {
            _wake.Set();
        }
    }

    /// <summary>Exports everything queued before the call, then flushes the exporter.</summary>
    public bool ForceFlush(TimeSpan timeout)
    {
        var deadline = Deadline(timeout);
        var target = Interlocked.Read(ref _enqueued);
        RequestDrain();
        return WaitForProgress(target, deadline) && _exporter.ForceFlush(Remaining(deadline));
    }

    /// <summary>Drains the queue and shuts the exporter down; spans ended later are dropped.</summary>
    public bool Shutdown(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0)
        {
            return true;
        }

        var deadline = Deadline(timeout);
        _stopping = true;
        _wake.Set();
        var joined = _thread.Join(Remaining(deadline));
        return _exporter.Shutdown(Remaining(deadline)) && joined;
    }

    public void Dispose()
    {
        // The event may only go once the thread that waits on it is gone.
        if (!_thread.IsAlive)
        {
            _wake.Dispose();
        }

        _exporter.Dispose();
    }

    private void ExportLoop()
    {
        BackgroundPriority.LowerCurrentThread();
        while (true)
        {
            var drain = _stopping;
            if (Volatile.Read(ref _count) < _batch.Length && !drain)
            {
                // A partial batch leaves when the delay has passed, or when a flush or the shutdown asks for it.
                var woken = _wake.WaitOne(_delay);
                drain = Interlocked.Exchange(ref _drainRequested, 0) != 0 || !woken || _stopping;
            }

            ExportQueued(drain);
            if (_stopping && _queue.IsEmpty)
            {
                return;
            }
        }
    }

    /// <summary>Exports full batches, as the SDK's processor does between its wake-ups, and with
    /// <paramref name="drain"/> what remains as well. Leaving the remainder for the next wake-up keeps batches full
    /// under load: one request per batch, not a full batch and then a small one each time.</summary>
    private void ExportQueued(bool drain)
    {
        while (drain ? !_queue.IsEmpty : Volatile.Read(ref _count) >= _batch.Length)
        {
            var n = 0;
            while (n < _batch.Length && _queue.TryDequeue(out var span))
            {
                _batch[n++] = span;
            }

            if (n == 0)
            {
                return;
            }

            Interlocked.Add(ref _count, -n);
            Exception? error = null;
            ExportResult result;
            try
            {
                result = _exporter.Export(_batch.AsSpan(0, n));
            }
            catch (Exception e)
            {
                // Exporters report failures by result; one that throws must not kill the export thread.
                error = e;
                result = ExportResult.Failure;
            }

            for (var i = 0; i < n; i++)
            {
                _pool.Return(_batch[i]);
                _batch[i] = null!;
            }

            var failed = result != ExportResult.Success;
            _metrics.ExportedBatch(n, failed);
            if (failed && _failLog.TryEnter(out var suppressed))
            {
                TracingLog.ExportFailed(_logger, n, suppressed, error);
            }

            lock (_progress)
            {
                _done += n;
                Monitor.PulseAll(_progress);
            }
        }
    }

    private void RequestDrain()
    {
        Volatile.Write(ref _drainRequested, 1);
        _wake.Set();
    }

    private bool WaitForProgress(long target, long deadline)
    {
        lock (_progress)
        {
            while (_done < target)
            {
                var remaining = Remaining(deadline);
                if (remaining == TimeSpan.Zero || !_thread.IsAlive)
                {
                    return false;
                }

                // Short waits: the wake-up may have been consumed by a pass that started before our items arrived.
                Monitor.Wait(_progress, remaining == Timeout.InfiniteTimeSpan ? 50 : (int)Math.Min(remaining.TotalMilliseconds, 50));
                RequestDrain();
            }
        }

        return true;
    }

    private static long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    private static TimeSpan Remaining(long deadline) =>
        deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
}
