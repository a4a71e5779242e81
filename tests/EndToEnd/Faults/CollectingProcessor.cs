using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Keeps the spans an engine ends, in order.</summary>
internal sealed class CollectingProcessor : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _ended = new();

    public IReadOnlyList<Activity> Ended => [.. _ended];

    public override void OnEnd(Activity data) => _ended.Enqueue(data);
}
