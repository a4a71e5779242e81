using System.Net;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Requests;
using SpoaOpenTracing.Tracing.Spans;
using SpoaOpenTracing.Tracing.Tests.Support;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.Tracing.Tests.Requests;

/// <summary>The one-exchange message (examples/spoe-oneshot.cfg) through the real SPOP message decoder and the engine.</summary>
public sealed class RequestMessageReaderTests
{
    private const string Message = "opentracing:request";
    private const string TraceHex = "0af7651916cd43dd8448eb211c80319c";
    private const string ServerHex = "00f067aa0ba902b7";
    private const string ClientHex = "a3ce929d0e0e4736";
    private const string ParentHex = "b7ad6b7169203331";
    private const long StartUs = 1_796_302_243_751_570;

    [Fact]
    public void The_captured_haproxy_message_gives_both_spans_with_its_ids_times_and_attributes()
    {
        using var harness = new EngineHarness();
        var frame = Convert.FromHexString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Requests", "Captures", "haproxy26-notify-oneshot.hex")).Trim());
        // [length u32][type u8][flags u32][stream-id varint 2][frame-id varint 1], then the message list.
        var ack = Feed(harness, frame[11..]);

        Assert.Equal(0, ack);
        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal(Trace(TraceHex), server.TraceId);
        Assert.Equal(Trace(TraceHex), client.TraceId);
        Assert.Equal(Span("7bbcbfe44b6d4ee0"), server.SpanId);
        Assert.Equal(Span(ParentHex), server.ParentSpanId);
        Assert.True(server.HasRemoteParent);
        Assert.Equal(Span("b116a14ec674418d"), client.SpanId);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal("v=1,w=2", server.TraceStateString);
        Assert.Equal("v=1,w=2", client.TraceStateString);
        Assert.Equal((1_796_302_243_751_570_000, 1_796_302_243_753_734_000), (server.Record.StartUnixNano, server.Record.EndUnixNano));
        Assert.Equal((1_796_302_243_751_570_000, 1_796_302_243_753_734_000), (client.Record.StartUnixNano, client.Record.EndUnixNano));
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["url.path"] = "/b",
                ["url.scheme"] = "http",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = 19080L,
                ["client.address"] = "127.0.0.1",
                ["client.port"] = 55658L,
                ["network.protocol.version"] = "1.1",
                ["user_agent.original"] = "curl/7.88.1",
                ["http.response.status_code"] = 200L,
                ["haproxy.frontend"] = "oneshot-frontend",
                ["haproxy.backend"] = "servers-backend",
            },
            server.TagObjects.ToDictionary(t => t.Key, t => t.Value));
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = 19000L,
                ["http.response.status_code"] = 200L,
                ["haproxy.backend"] = "servers-backend",
                ["haproxy.server"] = "server-1",
            },
            client.TagObjects.ToDictionary(t => t.Key, t => t.Value));
        Assert.Equal((1, 0, 0), (harness.Metrics.MessagesHandled, harness.Metrics.MessageErrors, harness.Metrics.ArgumentErrors));
    }

    [Fact]
    public void It_keeps_no_trace_state_and_ignores_the_agents_own_sampler()
    {
        // HAProxy took the sampling decision: the agent's sampler is for the grammar's traces only.
        using var harness = new EngineHarness(o => o.Sampler = SpoaOpenTracing.Tracing.Sampling.SamplerKind.AlwaysOff);

        harness.Send(Message, Full());

        Assert.Equal(2, harness.Exported.Count);
        Assert.Equal((0L, 0L, 0L), (harness.Metrics.TracesStarted, harness.Metrics.OpenTraces, harness.Metrics.OpenSpans));
    }

    [Fact]
    public void The_three_required_arguments_alone_give_a_server_span_that_ends_when_the_agent_reads_it()
    {
        using var harness = new EngineHarness();
        var now = UnixTime.Nanoseconds(harness.Time.GetUtcNow().UtcDateTime);
        var start = (now / 1000) - 5_000;

        harness.Send(Message, Str("trace-id", TraceHex), Str("server-span-id", ServerHex), Int("ts-start", start));

        var server = Assert.Single(harness.Exported);
        Assert.Equal(SpanKind.Server, server.Kind);
        Assert.Equal("HTTP", server.DisplayName);
        Assert.Equal(default, server.ParentSpanId);
        Assert.False(server.HasRemoteParent);
        Assert.Equal((start * 1000, now), (server.Record.StartUnixNano, server.Record.EndUnixNano));
        Assert.Empty(server.TagObjects);
    }

    [Fact]
    public void Null_values_and_empty_strings_are_absent_arguments()
    {
        using var harness = new EngineHarness();

        harness.Send(Message, Full(Null("parent-span-id"), Null("tracestate"), Str("query", ""), Null("ts-backend"), Str("user-agent", "")));

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal(default, server.ParentSpanId);
        Assert.Null(server.TraceStateString);
        Assert.Null(server.GetTagItem("url.query"));
        Assert.Null(server.GetTagItem("user_agent.original"));
        // Without ts-backend the CLIENT span starts with the request.
        Assert.Equal(server.Record.StartUnixNano, client.Record.StartUnixNano);
        Assert.Equal(0, harness.Metrics.ArgumentErrors);
    }

    [Fact]
    public void Without_a_client_span_id_or_a_server_there_is_no_client_span()
    {
        using var harness = new EngineHarness();

        harness.Send((Message, Full(Null("client-span-id"))), (Message, Full(Null("server"))));

        Assert.Equal(2, harness.Exported.Count);
        Assert.All(harness.Exported, s => Assert.Equal(SpanKind.Server, s.Kind));
    }

    [Theory]
    [InlineData(SpopDataType.Int64)]
    [InlineData(SpopDataType.UInt64)]
    [InlineData(SpopDataType.Int32)]
    [InlineData(SpopDataType.String)]
    public void Times_may_be_any_integer_type_or_a_string_of_decimal_digits(SpopDataType type)
    {
        using var harness = new EngineHarness();
        // Int32 cannot hold today's microseconds: the times of this case are small, still after the epoch.
        var start = type == SpopDataType.Int32 ? 1_000_000L : StartUs;

        harness.Send(Message, Full(Time("ts-start", type, start), Time("ts-backend", type, start + 1_000), Time("ts-response", type, start + 4_000), Time("ts-end", type, start + 5_000)));

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal((start * 1000, (start + 5_000) * 1000), (server.Record.StartUnixNano, server.Record.EndUnixNano));
        Assert.Equal(((start + 1_000) * 1000, (start + 4_000) * 1000), (client.Record.StartUnixNano, client.Record.EndUnixNano));
        Assert.Equal(0, harness.Metrics.ArgumentErrors);
    }

    public static TheoryData<string, Arg> Refused => new()
    {
        { "no trace-id value", Null("trace-id") },
        { "uppercase trace-id", Str("trace-id", TraceHex.ToUpperInvariant()) },
        { "short trace-id", Str("trace-id", TraceHex[1..]) },
        { "zero trace-id", Str("trace-id", new string('0', 32)) },
        { "binary trace-id", new Arg("trace-id", SpopDataType.Binary, Convert.FromHexString(TraceHex)) },
        { "no server-span-id", Null("server-span-id") },
        { "server-span-id with a dash", Str("server-span-id", "00f067aa-ba902b7") },
        { "zero server-span-id", Str("server-span-id", new string('0', 16)) },
        { "invalid parent-span-id", Str("parent-span-id", "b7ad6b716920333") },
        { "invalid client-span-id", Str("client-span-id", "A3CE929D0E0E4736") },
        { "no ts-start", Null("ts-start") },
        { "negative ts-start", Int("ts-start", -1) },
        { "zero ts-start", Int("ts-start", 0) },
        { "ts-start in nanoseconds", Int("ts-start", StartUs * 1000) },
        { "ts-start not a number", Str("ts-start", "1796302243751570us") },
        { "ts-start an address", new Arg("ts-start", SpopDataType.IPv4, IPAddress.Loopback) },
        { "ts-end before ts-start", Int("ts-end", StartUs - 1) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_message_with_a_broken_context_or_start_is_refused_whole_and_the_frames_other_messages_go_on(string reason, Arg replaced)
    {
        Assert.NotEmpty(reason);
        using var harness = new EngineHarness();

        harness.Send((Message, Full(replaced)), (Message, Full(Str("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736"))));

        Assert.Equal(2, harness.Exported.Count);
        Assert.All(harness.Exported, s => Assert.Equal(Trace("4bf92f3577b34da6a3ce929d0e0e4736"), s.TraceId));
        Assert.Equal((2, 1), (harness.Metrics.MessagesHandled, harness.Metrics.MessageErrors));
    }

    [Fact]
    public void Trace_id_must_come_first_or_the_message_is_the_grammars()
    {
        using var harness = new EngineHarness();
        var args = Full();

        harness.Send(Message, [args[1], args[0], .. args[2..]]);

        Assert.Empty(harness.Exported);
        Assert.Equal(1, harness.Metrics.MessageErrors);
    }

    public static TheoryData<Arg> RefusedAlone => new()
    {
        Str("status", "OK"),
        Int("status", -200),
        new Arg("client-port", SpopDataType.UInt64, ulong.MaxValue),
        Int("path", 7),
        new Arg("method", SpopDataType.Binary, "GET"u8.ToArray()),
        new Arg("server-address", SpopDataType.Boolean, true),
        Str("ts-response", "soon"),
        Str("haproxy_tenant", "acme"),
        Arg.More("orphan"),
    };

    [Theory]
    [MemberData(nameof(RefusedAlone))]
    public void An_argument_it_cannot_use_is_refused_alone_and_the_spans_are_still_made(Arg refused)
    {
        using var harness = new EngineHarness();

        harness.Send(Message, Full(refused));

        Assert.Equal(2, harness.Exported.Count);
        Assert.Equal((0, 1), (harness.Metrics.MessageErrors, harness.Metrics.ArgumentErrors));
    }

    [Fact]
    public void Numbers_given_as_text_are_read_as_numbers()
    {
        using var harness = new EngineHarness();

        harness.Send(Message, Full(Str("status", "404"), Str("server-port", "8080")));

        var client = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client);
        Assert.Equal(404L, client.GetTagItem("http.response.status_code"));
        Assert.Equal(8080L, client.GetTagItem("server.port"));
        Assert.Equal(SpanStatusCode.Error, client.Status);
    }

    [Fact]
    public void A_name_with_a_dot_is_a_server_attribute_of_its_own_type()
    {
        using var harness = new EngineHarness();

        harness.Send(Message, Full(Str("app.tenant", "acme"), Int("app.shard", 7), new Arg("app.canary", SpopDataType.Boolean, true), Null("app.absent")));

        var server = Assert.Single(harness.Exported, s => s.Kind == SpanKind.Server);
        Assert.Equal("acme", server.GetTagItem("app.tenant"));
        Assert.Equal(7L, server.GetTagItem("app.shard"));
        Assert.Equal(true, server.GetTagItem("app.canary"));
        Assert.Null(server.GetTagItem("app.absent"));
        Assert.Null(Assert.Single(harness.Exported, s => s.Kind == SpanKind.Client).GetTagItem("app.tenant"));
    }

    [Fact]
    public void Addresses_may_be_ipv4_ipv6_or_text()
    {
        using var harness = new EngineHarness();

        harness.Send(Message, Full(
            new Arg("client-address", SpopDataType.IPv6, IPAddress.Parse("2001:db8::1")),
            new Arg("server-address", SpopDataType.IPv4, IPAddress.Parse("192.168.100.254"))));
        harness.Send(Message, Full(Str("client-address", "unix@/run/haproxy.sock")));

        Assert.Equal("2001:db8::1", harness.Exported.First(s => s.Kind == SpanKind.Server).GetTagItem("client.address"));
        Assert.Equal("192.168.100.254", harness.Exported.First(s => s.Kind == SpanKind.Client).GetTagItem("server.address"));
        Assert.Equal("unix@/run/haproxy.sock", harness.Exported.Last(s => s.Kind == SpanKind.Server).GetTagItem("client.address"));
    }

    [Fact]
    public void The_ack_stays_empty()
    {
        using var harness = new EngineHarness();

        Assert.Empty(harness.Ack(Message, Full()));
        Assert.Empty(harness.Ack(Message, Full(Null("trace-id"))));
    }

    [Fact]
    public void Reading_allocates_only_the_strings_it_keeps()
    {
        // Ids, times, numbers and the low-cardinality strings (interned once): no allocation at all after the first read.
        var payload = EngineHarness.Encode((Message,
        [
            Str("trace-id", TraceHex), Str("server-span-id", ServerHex), Str("parent-span-id", ParentHex), Str("client-span-id", ClientHex),
            Int("ts-start", StartUs), Int("ts-backend", StartUs + 1_000), Int("ts-response", StartUs + 4_000), Int("ts-end", StartUs + 5_000),
            Str("method", "GET"), Str("scheme", "http"), Str("http-version", "1.1"), Str("frontend", "fe"), Str("backend", "be"), Str("server", "s1"),
            new Arg("server-address", SpopDataType.IPv4, IPAddress.Parse("10.0.0.1")), Int("server-port", 8080), Int("client-port", 40000),
            Int("frontend-port", 80), Int("status", 200),
        ]));
        var names = new NameCache();
        var reader = RequestMessageReader.ForCurrentThread();
        Read(payload, reader, names);

        var allocated = Allocations.SteadyState(() => Read(payload, reader, names));

        Assert.Equal(0, allocated);
        Assert.Equal("10.0.0.1", reader.Record.ServerAddress);
        Assert.Equal(StartUs * 1000 + 5_000_000, reader.Record.EndUnixNano);
    }

    private static void Read(byte[] payload, RequestMessageReader reader, NameCache names)
    {
        var messages = new MessageListReader(payload);
        Assert.True(messages.TryReadMessage(out var message));
        Assert.True(reader.TryRead(message.Arguments, names, 1, out _));
    }

    /// <summary>Feeds a NOTIFY payload as the server does; returns how many ACK bytes the engine wrote.</summary>
    private static int Feed(EngineHarness harness, byte[] payload)
    {
        var ack = new byte[256];
        var actions = new ActionWriter(ack);
        var reader = new MessageListReader(payload);
        while (reader.TryReadMessage(out var message))
        {
            harness.Engine.HandleMessage(message, ref actions);
        }

        return actions.WrittenSpan.Length;
    }

    /// <summary>A complete message as the preset sends it; an argument of <paramref name="replaced"/> takes the place of
    /// the one of its name (or is added at the end).</summary>
    private static Arg[] Full(params Arg[] replaced)
    {
        Arg[] args =
        [
            Str("trace-id", TraceHex), Str("server-span-id", ServerHex), Str("parent-span-id", ParentHex), Str("client-span-id", ClientHex),
            Str("tracestate", "v=1"), Int("ts-start", StartUs), Int("ts-backend", StartUs + 1_000), Int("ts-response", StartUs + 4_000),
            Int("ts-end", StartUs + 5_000), Str("method", "GET"), Str("path", "/"), Str("query", "q=1"), Str("scheme", "http"),
            Str("host", "example.test"), Str("http-version", "1.1"), Str("user-agent", "curl/8"),
            new Arg("client-address", SpopDataType.IPv4, IPAddress.Loopback), Int("client-port", 40000), Int("frontend-port", 10080),
            Int("status", 200), Str("frontend", "fe"), Str("backend", "be"), Str("server", "s1"),
            new Arg("server-address", SpopDataType.IPv4, IPAddress.Parse("127.0.0.2")), Int("server-port", 8000),
        ];
        var list = args.ToList();
        foreach (var arg in replaced)
        {
            var at = arg.Name.Length == 0 ? -1 : list.FindIndex(a => a.Name == arg.Name);
            if (at >= 0)
            {
                list[at] = arg;
            }
            else
            {
                list.Add(arg);
            }
        }

        return [.. list];
    }

    private static Arg Time(string name, SpopDataType type, long microseconds) => type switch
    {
        SpopDataType.String => Str(name, microseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        SpopDataType.UInt64 => new Arg(name, type, (ulong)microseconds),
        SpopDataType.Int32 => new Arg(name, type, checked((int)microseconds)),
        _ => Int(name, microseconds),
    };

    private static Arg Str(string name, string value) => Arg.Str(name, value);

    private static Arg Int(string name, long value) => new(name, SpopDataType.Int64, value);

    private static Arg Null(string name) => new(name, SpopDataType.Null, null);

    private static TraceId Trace(string hex) => TraceId.TryParse(System.Text.Encoding.ASCII.GetBytes(hex), out var id) ? id : throw new ArgumentException(hex);

    private static SpanId Span(string hex) => SpanId.TryParse(System.Text.Encoding.ASCII.GetBytes(hex), out var id) ? id : throw new ArgumentException(hex);
}
