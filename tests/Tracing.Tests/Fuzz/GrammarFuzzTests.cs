using CsCheck;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tests.Shared;
using SpoaOpenTracing.Tracing.Tests.Support;
using Xunit.Abstractions;

namespace SpoaOpenTracing.Tracing.Tests.Fuzz;

/// <summary>
/// Generated <c>opentracing:*</c> messages (random argument names, types and values around the grammar), encoded and
/// read back by Spop's message codec, straight into the tracing engine from several threads: the engine never
/// throws, and its books balance once the reaper ran. <c>fuzz/run.sh</c> raises the count to a million.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class GrammarFuzzTests
{
    private readonly ITestOutputHelper _output;

    public GrammarFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task GrammarMessages_NeverThrow_AndEverySpanEnds()
    {
        using var fuzz = new FuzzEngine();
        var actionBuffer = new ThreadLocal<byte[]>(() => new byte[SpopServerOptions.DefaultMaxFrameSize]);
        var messages = FuzzSettings.Messages;

        GrammarGenerators.GenMessage.Sample(m =>
        {
            var reader = new MessageListReader(EngineHarness.Encode((m.Name, m.Args)));
            Assert.True(reader.TryReadMessage(out var message));
            var actions = new ActionWriter(actionBuffer.Value);
            fuzz.Engine.HandleMessage(in message, ref actions);
        }, iter: messages, seed: FuzzSettings.Seed, print: m => $"{m.Name}({string.Join(", ", m.Args.Select(a => $"{a.Name}={a.Type}:{a.Value}"))})");

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
