namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Work that makes blocking system calls, on a background thread of its own instead of a pool thread. Built first and
/// started after: the caller can register <see cref="Completion"/> before the work can possibly end.
/// </summary>
internal sealed class OwnThread
{
    private readonly Thread _thread;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OwnThread(string name, Action work)
    {
        _thread = new Thread(() =>
        {
            try
            {
                work();
            }
            finally
            {
                _done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
    }

    /// <summary>Completes when the work has returned (an exception escaping it ends the process, as on any thread).</summary>
    public Task Completion => _done.Task;

    public void Start() => _thread.UnsafeStart();
}
