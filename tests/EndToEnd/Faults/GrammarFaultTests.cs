using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Tracing;
using Xunit;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Messages that reference traces across connections, finish twice, or finish what never started.</summary>
[Trait("Category", "Faults")]
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class GrammarFaultTests
{
    [Fact]
    public async Task TraceSpreadOverTwoConnections_OneTree_DuplicateAndEarlyFinishesRefusedWithoutLeaks()
    {
        var spans = new CollectingListener();
        await using var agent = await FaultAgent.StartAsync(new TracingOptions { Exporter = ExporterKind.None }, listener: spans);
        await using var a = await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint);
        await using var b = await RawSpopClient.ConnectAndHelloAsync(agent.EndPoint);
        var metrics = agent.Engine.Metrics;

        // Root on A, its child on B, each finished from the other connection.
        await a.NotifyAsync(w => TraceMessages.OpenRoot(w, "cross"));
        await b.NotifyAsync(w => TraceMessages.Child(w, "cross", "child", "root"));
        await a.NotifyAsync(w => TraceMessages.Finish(w, "cross", "child"));
        await b.NotifyAsync(w => TraceMessages.Finish(w, "cross", "root"));
        Assert.Equal(2, spans.Ended.Count);
        var (child, root) = (spans.Ended[0], spans.Ended[1]);
        Assert.Equal(("child", "root"), (child.Name, root.Name));
        Assert.Equal(root.TraceId, child.TraceId);
        Assert.Equal(root.SpanId, child.ParentSpanId);
        Assert.Equal(0, metrics.OpenTraces);

        // The same finish again, from either connection: the trace is gone; refused, counted, nothing left open.
        var invalid = metrics.InvalidReferences;
        await b.NotifyAsync(w => TraceMessages.Finish(w, "cross", "root"));
        await a.NotifyAsync(w => TraceMessages.Finish(w, "cross", "child"));
        Assert.Equal(invalid + 2, metrics.InvalidReferences);

        // Finish before start, and a child of a parent that does not exist yet.
        await a.NotifyAsync(w => TraceMessages.Finish(w, "early", "root"));
        await b.NotifyAsync(w => TraceMessages.Child(w, "early", "child", "root"));
        Assert.Equal(invalid + 4, metrics.InvalidReferences);

        // Only the two real spans were ever made; every table entry is gone; every NOTIFY was ACKed without error.
        Assert.Equal(2, metrics.SpansStarted);
        Assert.Equal(0, metrics.OpenTraces);
        Assert.Equal(0, metrics.OpenSpans);
        Assert.Equal(8, agent.Server.Metrics.AcksSent);
        Assert.Equal(0, agent.Server.Metrics.HandlerErrors);
    }
}
