using System.Collections.Concurrent;

namespace SpoaOpenTracing.Syslog.Tests.Support;

/// <summary>Keeps a copy of every message; <see cref="WaitForAsync"/> waits (bounded) until enough have come.</summary>
internal sealed class RecordingHandler : ISyslogHandler
{
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyCollection<ReceivedMessage> Messages => _messages;

    /// <summary>When set, the handler throws for a message whose body is this text (after recording it).</summary>
    public string? FailOnBody { get; init; }

    /// <summary>When set, every call waits for it first: a handler that blocks the receive loop.</summary>
    public ManualResetEventSlim? Gate { get; init; }

    public void HandleMessage(in SyslogMessage message)
    {
        Gate?.Wait(TimeSpan.FromSeconds(30));
        var received = ReceivedMessage.From(message);
        _messages.Enqueue(received);
        _arrived.Release();
        if (received.Body == FailOnBody)
        {
            throw new InvalidOperationException("handler failure for the test");
        }
    }

    public async Task<IReadOnlyList<ReceivedMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (_messages.Count < count)
        {
            await _arrived.WaitAsync(cts.Token);
        }

        return [.. _messages];
    }
}
