using System.Buffers;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>
/// Generated <c>opentracing:*</c> messages (random argument names, types and values around the grammar) straight into
/// the tracing engine from several threads: the engine never throws, and its books balance once the reaper ran.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(FuzzCollection.Name)]
public sealed class TracingFuzzTests
{
    private readonly ITestOutputHelper _output;

    public TracingFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task GrammarMessages_NeverThrow_AndEverySpanEnds()
    {
        using var fuzz = new FuzzEngine();
        var actionBuffer = new ThreadLocal<byte[]>(() => new byte[SpopServerOptions.DefaultMaxFrameSize]);
        var messages = FuzzSettings.Messages;

        FuzzGenerators.GenMessage.Sample(m =>
        {
            var payload = new ArrayBufferWriter<byte>();
            var writer = new MessageListWriter(payload).BeginMessage(m.Name, m.Arguments.Length);
            foreach (var (name, value) in m.Arguments)
            {
                writer.Argument(name, value.ToValue());
            }

            var reader = new MessageListReader(payload.WrittenSpan);
            Assert.True(reader.TryReadMessage(out var message));
            var actions = new ActionWriter(actionBuffer.Value);
            fuzz.Engine.HandleMessage(in message, ref actions);
        }, iter: messages, seed: FuzzSettings.Seed, print: m => $"{m.Name}({string.Join(", ", m.Arguments.Select(a => $"{a.Name}={a.Value}"))})");

        var metrics = fuzz.Engine.Metrics;
        var summary = $"engine: {messages:N0} messages, 0 exceptions; {metrics.SpansStarted:N0} spans started, "
            + $"{metrics.SpansFinished:N0} finished, {metrics.MessageErrors:N0} messages and {metrics.ArgumentErrors:N0} arguments refused, "
            + $"{metrics.InvalidReferences:N0} invalid references";
        await fuzz.AssertConsistentAfterIdleAsync();
        summary += $", {metrics.SpansReaped:N0} reaped";
        _output.WriteLine(summary);
        FuzzSettings.Report(summary);
        Assert.True(metrics.SpansStarted > messages / 10, "the generator reaches the grammar, not only its refusals");
        Assert.True(metrics.SpansFinished > 0 && metrics.InvalidReferences > 0 && metrics.MessageErrors > 0);
    }
}
