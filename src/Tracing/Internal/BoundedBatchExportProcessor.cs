using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// A batch export processor like the SDK's <c>BatchActivityExportProcessor</c>, written here because the SDK keeps
/// its dropped count internal: we need the drops and the queue depth as public numbers. Producers (the threads that
/// end spans, i.e. the SPOP connection loops) never wait: a full queue drops the span and counts it. One background
/// thread exports every <see cref="TracingOptions.ScheduledExportDelay"/>, or as soon as a batch is full.
/// </summary>
internal sealed class BoundedBatchExportProcessor : BaseExportProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _queue = new();
    private readonly Activity[] _batch;
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
    private volatile bool _stopping;

    public BoundedBatchExportProcessor(BaseExporter<Activity> exporter, TracingOptions options, TracingMetrics metrics, ILogger logger)
        : base(exporter)
    {
        _maxQueueSize = options.MaxExportQueueSize;
        _batch = new Activity[options.MaxExportBatchSize];
        _delay = options.ScheduledExportDelay;
        _metrics = metrics;
        _logger = logger;
        _thread = new Thread(ExportLoop) { IsBackground = true, Name = "spoa-opentracing export" };
        _thread.Start();
    }

    public long QueueDepth => Volatile.Read(ref _count);

    public override void OnEnd(Activity data)
    {
        // As the SDK's processor: only spans the sampler recorded are exported.
        if (data.Recorded)
        {
            OnExport(data);
        }
    }

    protected override void OnExport(Activity data)
    {
        var count = Interlocked.Increment(ref _count);
        if (count > _maxQueueSize || _stopping)
        {
            Interlocked.Decrement(ref _count);
            _metrics.ExportQueueFull();
            if (_dropLog.TryEnter(out var suppressed))
            {
                TracingLog.ExportQueueFull(_logger, _maxQueueSize, suppressed);
            }

            return;
        }

        _queue.Enqueue(data);
        Interlocked.Increment(ref _enqueued);
        if (count == _batch.Length)
        {
            _wake.Set();
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        var deadline = Deadline(timeoutMilliseconds);
        var target = Interlocked.Read(ref _enqueued);
        RequestDrain();
        if (!WaitForProgress(target, deadline))
        {
            return false;
        }

        return exporter.ForceFlush(Remaining(deadline));
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        var deadline = Deadline(timeoutMilliseconds);
        _stopping = true;
        _wake.Set();
        var joined = _thread.Join(Remaining(deadline));
        return exporter.Shutdown(Remaining(deadline)) && joined;
    }

    protected override void Dispose(bool disposing)
    {
        // The event may only go once the thread that waits on it is gone.
        if (disposing && !_thread.IsAlive)
        {
            _wake.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ExportLoop()
    {
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
            while (n < _batch.Length && _queue.TryDequeue(out var activity))
            {
                _batch[n++] = activity;
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
                result = exporter.Export(new Batch<Activity>(_batch, n));
            }
            catch (Exception e)
            {
                // Exporters report failures by result; one that throws must not kill the export thread.
                error = e;
                result = ExportResult.Failure;
            }

            Array.Clear(_batch, 0, n);
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
                if (remaining == 0 || !_thread.IsAlive)
                {
                    return false;
                }

                // Short waits: the wake-up may have been consumed by a pass that started before our items arrived.
                Monitor.Wait(_progress, remaining == Timeout.Infinite ? 50 : Math.Min(remaining, 50));
                RequestDrain();
            }
        }

        return true;
    }

    private static long Deadline(int timeoutMilliseconds) =>
        timeoutMilliseconds == Timeout.Infinite ? long.MaxValue : Environment.TickCount64 + timeoutMilliseconds;

    private static int Remaining(long deadline) =>
        deadline == long.MaxValue ? Timeout.Infinite : (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
}
