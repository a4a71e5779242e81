using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>What the engine benchmarks do per request: a fresh unique id, then each NOTIFY payload's messages handed
/// to the engine as the connection loop hands them.</summary>
internal static class EngineRequests
{
    /// <summary>An engine as the agent runs it, with no exporter of its own: every span ends in a
    /// <see cref="DiscardingListener"/>.</summary>
    public static TracingEngine DiscardingEngine() =>
        new(new TracingOptions { Exporter = ExporterKind.None }, null, new DiscardingListener());

    /// <summary>Writes <paramref name="sequence"/> as upper-case hex, right-aligned, over all of <paramref name="id"/>.</summary>
    public static void WriteUniqueId(Span<byte> id, long sequence)
    {
        for (var i = id.Length - 1; i >= 0; i--, sequence >>= 4)
        {
            id[i] = (byte)"0123456789ABCDEF"[(int)(sequence & 15)];
        }
    }

    /// <summary>Handles every message of one payload; returns the length of the ACK's actions.</summary>
    public static int Handle(TracingEngine engine, byte[] payload, byte[] ackBuffer)
    {
        var actions = new ActionWriter(ackBuffer);
        var reader = new MessageListReader(payload);
        while (reader.TryReadMessage(out var message))
        {
            engine.HandleMessage(in message, ref actions);
        }

        return actions.Written;
    }
}
