using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Cli.Logging;
using SpoaOpenTracing.Cli.Messages;
using SpoaOpenTracing.Spop;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Messages;

public sealed class ProgramMessageHandlerTests : IDisposable
{
    private readonly StringWriter _log = new();
    private readonly LogSink _sink;
    private readonly ILoggerFactory _loggerFactory;
    private readonly RecordingHandler _tracing = new();

    public ProgramMessageHandlerTests()
    {
        _sink = new LogSink(_log, ownsWriter: false);
        _loggerFactory = LoggerFactory.Create(b =>
        {
            b.AddProvider(new LineLoggerProvider(_sink));
            b.SetMinimumLevel(LogLevel.Trace);
        });
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _sink.Dispose();
    }

    /// <summary>Encodes one NOTIFY payload, runs every message through the handler, returns the ACK actions.</summary>
    private byte[] Handle(Action<MessageListWriter> build)
    {
        var payload = new ArrayBufferWriter<byte>();
        build(new MessageListWriter(payload));
        var handler = new ProgramMessageHandler(_tracing, _loggerFactory);
        var buffer = new byte[512];
        var actions = new ActionWriter(buffer);
        var reader = new MessageListReader(payload.WrittenSpan);
        while (reader.TryReadMessage(out var message))
        {
            handler.HandleMessage(in message, ref actions);
        }

        return actions.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData(new byte[] { 10, 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 })]
    public void CheckClientIpSetsAScore(byte[] address)
    {
        var actions = Handle(w => w.BeginMessage("check-client-ip", 1).Argument("ip", SpopValue.FromAddress(address)));

        // SET-VAR, 3 args, scope sess, name "ip_score", UINT32 (type 3) with a one-byte varint (< 240).
        Assert.Equal(14, actions.Length);
        Assert.Equal(new byte[] { 1, 3, (byte)VarScope.Session, 8 }, actions[..4]);
        Assert.Equal("ip_score"u8.ToArray(), actions[4..12]);
        Assert.Equal((byte)SpopDataType.UInt32, actions[12]);
        Assert.InRange(actions[13], 0, 100);
        Assert.Contains($"check-client-ip: {new IPAddress(address)} scored {actions[13]}", _log.ToString());
    }

    [Fact]
    public void CheckClientIpIgnoresAnythingElse()
    {
        Assert.Empty(Handle(w => w.BeginMessage("check-client-ip", 1).Argument("ip", "10.0.0.1")));
        Assert.Empty(Handle(w => w.BeginMessage("check-client-ip", 0)));
        Assert.Empty(Handle(w => w.BeginMessage("check-client-ip", 2)
            .Argument("a", SpopValue.FromAddress([1, 2, 3, 4]))
            .Argument("b", SpopValue.FromAddress([1, 2, 3, 4]))));
        Assert.Contains("check-client-ip ignored: expected one IPv4/IPv6 argument, got 2 argument(s)", _log.ToString());
    }

    [Fact]
    public void TestLogsEveryArgument()
    {
        var actions = Handle(w => w.BeginMessage("test", 6)
            .Argument("arg1", "GET")
            .Argument("arg2", SpopValue.FromInt32(-2))
            .Argument("arg3", SpopValue.FromUInt64(255))
            .Argument("arg4", SpopValue.FromAddress([127, 0, 0, 1]))
            .Argument("arg5", SpopValue.FromBinary([0x41, 0x00]))
            .Argument("", SpopValue.Null));
        Assert.Empty(actions);
        var log = _log.ToString();
        Assert.Contains("test: 6 argument(s)", log);
        Assert.Contains("test[0] name='arg1' type=8: 'GET'", log);
        Assert.Contains("test[1] name='arg2' type=2: -2 (0xfffffffffffffffe)", log);
        Assert.Contains("test[2] name='arg3' type=5: 255 (0xff)", log);
        Assert.Contains("test[3] name='arg4' type=6: 127.0.0.1", log);
        Assert.Contains("test[4] name='arg5' type=9: <2 bytes> 4100 |A.|", log);
        Assert.Contains("test[5] name='' type=0: NULL", log);
    }

    [Fact]
    public void RoutesEverythingButTheSeedsOwnMessagesToTracing()
    {
        Handle(w =>
        {
            w.BeginMessage("opentracing:client_session_start", 1).Argument("id", "u1");
            w.BeginMessage("opentracing:", 0);
            w.BeginMessage("opentracingX", 0);
            w.BeginMessage("other", 0);
            w.BeginMessage("tests", 0);
        });
        // The engine checks the opentracing: prefix itself, once; the names it ignores are logged here.
        Assert.Equal(["opentracing:client_session_start", "opentracing:", "opentracingX", "other", "tests"], _tracing.Names);
        Assert.Contains("message 'other' ignored: no handler", _log.ToString());
        Assert.DoesNotContain("message 'opentracing:' ignored", _log.ToString());
        Assert.DoesNotContain("test:", _log.ToString());
    }

    private sealed class RecordingHandler : IMessageHandler
    {
        public List<string> Names { get; } = [];

        public void HandleMessage(in SpopMessage message, ref ActionWriter actions) => Names.Add(message.GetName());
    }
}
