using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Cli.Hosting;
using SpoaOpenTracing.Cli.Metrics;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing;
using Xunit;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Safe defaults: loopback listeners, a 0660 Unix socket, bounded attribute values and log lines.</summary>
[Trait("Category", "Faults")]
[Collection(HaproxyCollection.Name)]
[Trait("Agent", "InProcess")]
public sealed class SecurityDefaultsTests
{
    private const int HugeValue = 100 * 1024;

    [Fact]
    public void Listeners_AreLoopbackUnlessToldOtherwise()
    {
        var server = ServerOptionsBuilder.Build(AgentOptionsParser.Parse(["-r", "0", "-p", "12345"]));
        var endPoint = Assert.IsType<IPEndPoint>(Assert.Single(server.EndPoints));
        Assert.True(IPAddress.IsLoopback(endPoint.Address));
        Assert.Equal(new MetricsEndpoint("127.0.0.1", 9464), AgentOptionsParser.Parse(["-r", "0", "--metrics-address=9464"]).MetricsAddress);
        Assert.Equal(new MetricsEndpoint("0.0.0.0", 9464), AgentOptionsParser.Parse(["-r", "0", "--metrics-address=0.0.0.0:9464"]).MetricsAddress);
        Assert.Equal(new MetricsEndpoint("::1", 9464), AgentOptionsParser.Parse(["-r", "0", "--metrics-address=[::1]:9464"]).MetricsAddress);
        Assert.Throws<UsageException>(() => AgentOptionsParser.Parse(["-r", "0", "--metrics-address=0"]));
        Assert.Throws<UsageException>(() => AgentOptionsParser.Parse(["-r", "0", "--metrics-address=::1:9464"]));
        Assert.Null(AgentOptionsParser.Parse(["-r", "0"]).MetricsAddress);
    }

    [Theory]
    [InlineData(null, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)]
    [InlineData("0600", UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task UnixSocket_HasMode0660ByDefault_OrTheOneAskedFor(string? mode, UnixFileMode expected)
    {
        var directory = Directory.CreateTempSubdirectory("spoa-faults-");
        try
        {
            var path = Path.Combine(directory.FullName, "agent.sock");
            string[] args = mode is null ? ["-r", "0", "--unix-socket", path] : ["-r", "0", "--unix-socket", path, "--unix-socket-mode", mode];
            var options = ServerOptionsBuilder.Build(AgentOptionsParser.Parse(args));
            await using var server = new SpopServer(new NoHandler(), options);
            await server.StartAsync();
            Assert.IsType<UnixDomainSocketEndPoint>(Assert.Single(server.BoundEndPoints));
            Assert.Equal(expected, File.GetUnixFileMode(path));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_BSP_MAX_QUEUE_SIZE")]
    [InlineData("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT")]
    public async Task HugeTagAndLogValues_AreCutToTheOtelLimit(string variable, string other)
    {
        // The span-specific variable wins over the general one; here the other one has a larger value.
        var tracing = new TracingOptions { Exporter = ExporterKind.None };
        Cli.Config.TracingConfiguration.ApplyEnvironment(tracing, new Dictionary<string, string?> { [variable] = "1024", [other] = "4096" }, new Dictionary<string, string>());
        Assert.Equal(1024, tracing.AttributeValueLengthLimit);
        var spans = new CollectingListener();
        await using var agent = await FaultAgent.StartAsync(tracing, listener: spans);
        var huge = new string('v', HugeValue);

        Handle(agent.Engine, w => w.BeginMessage("opentracing:huge", 8)
            .Argument("id", "huge").Argument("span", "root")
            .Argument("tag", "big").Argument(string.Empty, huge)
            .Argument("log", "event").Argument(string.Empty, huge)
            .Argument("baggage", "b").Argument(string.Empty, huge));
        Handle(agent.Engine, w => w.BeginMessage("opentracing:finish", 2).Argument("id", "huge").Argument("finish", "*"));

        var span = Assert.Single(spans.Ended);
        Assert.True(span.TryGetAttribute("big", out var big));
        Assert.Equal(1024, big.String.Length);
        Assert.True(span.TryGetAttribute("baggage.b", out var baggage));
        Assert.Equal(1024, baggage.String.Length);
        Assert.Equal(1024, span.AttributesOf(Assert.Single(span.Events.ToArray())).ToArray().Single().Value.String.Length);
    }

    [Fact]
    public async Task LogLines_NeverEchoAHugeValue()
    {
        await using var agent = await FaultAgent.StartAsync(new TracingOptions { Exporter = ExporterKind.None });
        var huge = new string('n', HugeValue);

        // A message without id, and one with an unknown argument: both refused, both logged, both cut.
        Handle(agent.Engine, w => w.BeginMessage("opentracing:" + huge, 1).Argument("span", "x"));
        Thread.Sleep(1100); // the engine logs one refusal a second; the second must be logged too
        Handle(agent.Engine, w => w.BeginMessage("opentracing:unknown", 2).Argument("id", "t").Argument(huge, "x"));

        var lines = agent.Logs.Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.InRange(l.Length, 1, 2 * LogText.MaxLength + 200));
        Assert.All(lines, l => Assert.Contains(LogText.Ellipsis, l));
        Assert.Equal(LogText.MaxLength + 1, LogText.Bounded(huge).Length);
        Assert.Equal(LogText.MaxLength + 1, LogText.Bounded(System.Text.Encoding.UTF8.GetBytes(huge)).Length);
        Assert.Equal("short", LogText.Bounded("short"u8));
    }

    private static void Handle(TracingEngine engine, Action<MessageListWriter> build)
    {
        var payload = new ArrayBufferWriter<byte>();
        build(new MessageListWriter(payload));
        var reader = new MessageListReader(payload.WrittenSpan);
        Assert.True(reader.TryReadMessage(out var message));
        var actions = new ActionWriter(new byte[1024]);
        engine.HandleMessage(in message, ref actions);
    }

    private sealed class NoHandler : IMessageHandler
    {
        public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
        {
        }
    }
}
