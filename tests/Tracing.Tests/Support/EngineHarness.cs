using System.Buffers;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>
/// An engine whose spans land in a list (a listener copies each as it ends), with a manual clock.
/// </summary>
public sealed class EngineHarness : IDisposable
{
    private readonly SpanCollector _collector = new();

    public EngineHarness(Action<TracingOptions>? configure = null)
    {
        Options = new TracingOptions { Exporter = ExporterKind.None };
        configure?.Invoke(Options);
        Engine = new TracingEngine(Options, null, _collector, Time, TracingEngine.ScopeName);
    }

    public TracingOptions Options { get; }

    public ManualTime Time { get; } = new();

    public TracingEngine Engine { get; }

    public TracingMetrics Metrics => Engine.Metrics;

    public List<ExportedSpan> Exported => _collector.Spans;

    public ExportedSpan Span(string name) => Assert.Single(Exported, a => a.DisplayName == name);

    /// <summary>Sends one NOTIFY payload holding these messages, handled one by one as the server does.</summary>
    public void Send(params (string Name, Arg[] Args)[] messages) => Feed(Engine, Encode(messages));

    public void Send(string name, params Arg[] args) => Send((name, args));

    /// <summary>Sends one message and returns the variables its ACK sets (all must be transaction-scoped).</summary>
    public Dictionary<string, object?> Ack(string name, params Arg[] args)
    {
        var ack = new byte[16384];
        var actions = new ActionWriter(ack);
        var reader = new MessageListReader(Encode((name, args)));
        while (reader.TryReadMessage(out var message))
        {
            Engine.HandleMessage(message, ref actions);
        }

        var vars = AckVars.Decode(actions.WrittenSpan, out var scopes);
        Assert.All(scopes, s => Assert.Equal(VarScope.Transaction, s));
        return vars;
    }

    public static byte[] Encode(params (string Name, Arg[] Args)[] messages)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessageListWriter(buffer);
        foreach (var (name, args) in messages)
        {
            writer.BeginMessage(name, args.Length);
            foreach (var arg in args)
            {
                arg.WriteTo(writer);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Feed(IMessageHandler handler, byte[] payload)
    {
        Span<byte> ack = stackalloc byte[256];
        var actions = new ActionWriter(ack);
        var reader = new MessageListReader(payload);
        while (reader.TryReadMessage(out var message))
        {
            handler.HandleMessage(message, ref actions);
        }
    }

    public void Dispose() => Engine.Dispose();
}
