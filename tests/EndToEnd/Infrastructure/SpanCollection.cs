namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>Spans received so far, appended by server threads and awaited by tests.</summary>
internal sealed class SpanCollection<T>
{
    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = NewSignal();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    public void AddRange(IEnumerable<T> items)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _items.AddRange(items);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.SetResult();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for everything received; returns that snapshot.</summary>
    /// <exception cref="TimeoutException">The safety net expired; the message says how many spans had arrived.</exception>
    public async Task<IReadOnlyList<T>> WaitAsync(Func<IReadOnlyList<T>, bool> done, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            IReadOnlyList<T> snapshot;
            lock (_lock)
            {
                snapshot = [.. _items];
                changed = _changed.Task;
            }

            if (done(snapshot))
            {
                return snapshot;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"condition not met within {timeout}; {Count} span(s) received");
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> spans have arrived.</summary>
    public Task<IReadOnlyList<T>> WaitAsync(int count, TimeSpan timeout) => WaitAsync(s => s.Count >= count, timeout);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
