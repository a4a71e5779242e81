using System.Buffers;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>
/// An engine whose spans land in a list (in-memory exporter behind a simple processor), with a manual clock and an
/// ActivitySource name of its own so that tests running in parallel never see each other's spans.
/// </summary>
public sealed class EngineHarness : IDisposable
{
    private readonly List<Activity> _exported = new();

    public EngineHarness(Action<TracingOptions>? configure = null)
    {
        Options = new TracingOptions { Exporter = ExporterKind.None };
        configure?.Invoke(Options);
        var processor = new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(_exported));
        Engine = new TracingEngine(Options, null, processor, Time, "test-" + Guid.NewGuid().ToString("n"));
    }

    public TracingOptions Options { get; }

    public ManualTime Time { get; } = new();

    public TracingEngine Engine { get; }

    public TracingMetrics Metrics => Engine.Metrics;

    public List<Activity> Exported
    {
        get
        {
            lock (_exported)
            {
                return _exported.ToList();
            }
        }
    }

    public Activity Span(string name) => Assert.Single(Exported, a => a.DisplayName == name);

    /// <summary>Sends one NOTIFY payload holding these messages, handled one by one as the server does.</summary>
    public void Send(params (string Name, Arg[] Args)[] messages) => Feed(Engine, Encode(messages));

    public void Send(string name, params Arg[] args) => Send((name, args));

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
