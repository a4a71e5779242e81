namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>The lines HAProxy printed (its <c>log stdout</c> target and its alerts), readable while it runs.</summary>
internal sealed class HaproxyLog
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = NewSignal();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits until some line matches; returns it, or throws with the whole log when the safety net expires.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var line = _lines.Find(l => predicate(l));
                if (line is not null)
                {
                    return line;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching haproxy log line within {timeout}:\n{Text}");
            }
        }
    }

    internal void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_lock)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.SetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
