using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Internal;

/// <summary>
/// Golden data: every frame HAProxy sent in the captures decodes to exactly the structure recorded in index.json,
/// and every frame our agent sent is re-encoded byte for byte by <see cref="FrameWriter"/> and
/// <see cref="ActionWriter"/> - except the frames we deliberately never produce, which are checked to decode as
/// recorded instead (see <see cref="NeverProduced"/>).
/// </summary>
public sealed class CaptureGoldenTests
{
    /// <summary>Frames the captures sent on purpose to test HAProxy, that our agent never writes.</summary>
    private static readonly Dictionary<string, string> NeverProduced = new()
    {
        ["agent26-ack-nofin-rejected.hex"] = "ACK without FIN",
        ["agent26-ack-abort-flag.hex"] = "ACK with FIN|ABORT",
        ["agent26-ack-unknown-action.hex"] = "unknown action type 9",
        ["agent26-ack-malformed.hex"] = "truncated action",
        ["agent26-ack-empty.hex"] = "empty ACK (we add an UNSET-VAR filler)",
        ["agent26-unknown-frame-type.hex"] = "frame type 200",
        ["agent26-hello-bad-version.hex"] = "version 3.0",
        ["agent32-hello-no-mfs.hex"] = "AGENT-HELLO without max-frame-size",
    };

    public static IEnumerable<object[]> FromHaproxy => Captures.Files("haproxy->agent");

    public static IEnumerable<object[]> FromAgent => Captures.Files("agent->haproxy");

    [Theory]
    [MemberData(nameof(FromHaproxy))]
    public void HaproxyFrame_DecodesAsRecorded(string file)
    {
        var entry = Captures.Get(file);
        var payload = ReadFrame(entry, out var header);
        AssertPayload(entry.Decoded, header, payload);
    }

    [Theory]
    [MemberData(nameof(FromAgent))]
    public void AgentFrame_ReencodesByteForByte_OrDecodesAsRecorded(string file)
    {
        var entry = Captures.Get(file);
        if (NeverProduced.ContainsKey(file))
        {
            var payload = ReadFrame(entry, out var header);
            if (file == "agent26-ack-malformed.hex")
            {
                Assert.True(entry.Decoded.TryGetProperty("decode_error", out _));
                Assert.Throws<SpopException>(() => ActionListDecoder.Decode(payload, out _));
                return;
            }

            AssertPayload(entry.Decoded, header, payload);
            return;
        }

        var expected = entry.Bytes;
        var writer = new ArrayBufferWriter<byte>();
        var decoded = entry.Decoded;
        switch (decoded.GetProperty("type").GetInt32())
        {
            case (int)FrameType.AgentHello:
                var kv = Kv(decoded);
                Assert.Equal("2.0", kv["version"].Value);
                FrameWriter.WriteAgentHello(writer, uint.Parse(kv["max-frame-size"].Value!, CultureInfo.InvariantCulture),
                    Encoding.ASCII.GetBytes(kv["capabilities"].Value!));
                break;
            case (int)FrameType.AgentDisconnect:
                var d = Kv(decoded);
                FrameWriter.WriteAgentDisconnect(writer, uint.Parse(d["status-code"].Value!, CultureInfo.InvariantCulture),
                    Encoding.ASCII.GetBytes(d["message"].Value!));
                break;
            case (int)FrameType.Ack:
                WriteAck(writer, decoded);
                break;
            default:
                Assert.Fail("unexpected agent frame type");
                break;
        }

        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Fact]
    public void PregeneratedDisconnectNormal_IsTheCapturedReply()
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteAgentDisconnect(writer, SpopStatus.Normal);
        Assert.Equal(Captures.Bytes("agent26-disconnect-reply.hex"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void EveryRecordedEntryIsCovered()
    {
        Assert.Equal(51, Captures.All.Count);
        Assert.All(NeverProduced.Keys, f => Assert.Equal("agent->haproxy", Captures.Get(f).Direction));
    }

    private static void WriteAck(ArrayBufferWriter<byte> writer, JsonElement decoded)
    {
        var streamId = decoded.GetProperty("stream_id").GetUInt64();
        var frameId = decoded.GetProperty("frame_id").GetUInt64();
        var actions = FrameWriter.BeginAck(writer, streamId, frameId, 16380, out var frame, out var headerEnd);
        foreach (var action in decoded.GetProperty("actions").EnumerateArray())
        {
            var scope = (VarScope)action.GetProperty("scope").GetInt32();
            var name = Encoding.ASCII.GetBytes(action.GetProperty("var").GetString()!);
            if (action.GetProperty("action").GetInt32() == 2)
            {
                Assert.True(actions.UnsetVar(scope, name));
                continue;
            }

            var value = action.GetProperty("value");
            var text = TypedText.FromJson(value);
            Assert.True(SetVar(ref actions, scope, name, text));
        }

        FrameWriter.EndAck(writer, frame, headerEnd, in actions);
    }

    private static bool SetVar(ref ActionWriter actions, VarScope scope, byte[] name, TypedText text)
    {
        var v = text.Value;
        return text.Type switch
        {
            "NULL" => actions.SetVar(scope, name, SpopValue.Null),
            "BOOL" => actions.SetVar(scope, name, SpopValue.FromBoolean(v == "true")),
            // The captures also hold INT32 with a 32-bit pattern (4294967291): any 64-bit pattern is representable.
            "INT32" => actions.SetVar(scope, name, new SpopValue(SpopDataType.Int32, unchecked((ulong)long.Parse(v!, CultureInfo.InvariantCulture)), default)),
            "INT64" => actions.SetVar(scope, name, SpopValue.FromInt64(long.Parse(v!, CultureInfo.InvariantCulture))),
            "UINT32" => actions.SetVar(scope, name, SpopValue.FromUInt32(uint.Parse(v!, CultureInfo.InvariantCulture))),
            "UINT64" => actions.SetVar(scope, name, SpopValue.FromUInt64(ulong.Parse(v!, CultureInfo.InvariantCulture))),
            "IPV4" or "IPV6" => actions.SetVar(scope, name, SpopValue.FromAddress(IPAddress.Parse(v!).GetAddressBytes())),
            "STRING" => actions.SetVar(scope, name, SpopValue.FromString(Encoding.UTF8.GetBytes(v!))),
            "BINARY" => actions.SetVar(scope, name, SpopValue.FromBinary(Convert.FromHexString(v!))),
            _ => throw new InvalidOperationException(text.Type),
        };
    }

    private static byte[] ReadFrame(CaptureEntry entry, out FrameHeader header)
    {
        var bytes = entry.Bytes;
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 65536, out header, out var payload));
        Assert.True(buffer.IsEmpty);
        var d = entry.Decoded;
        Assert.Equal(d.GetProperty("len").GetUInt32(), header.Length);
        Assert.Equal(d.GetProperty("type").GetInt32(), (int)header.Type);
        Assert.Equal(d.GetProperty("flags").GetUInt32(), (uint)header.Flags);
        Assert.Equal(d.GetProperty("stream_id").GetUInt64(), header.StreamId);
        Assert.Equal(d.GetProperty("frame_id").GetUInt64(), header.FrameId);
        Assert.Equal(d.GetProperty("payload_len").GetInt64(), payload.Length);
        return payload.ToArray();
    }

    private static void AssertPayload(JsonElement decoded, FrameHeader header, byte[] payload)
    {
        if (decoded.TryGetProperty("kv", out var kv))
        {
            var actual = new List<(string, TypedText)>();
            var reader = new KvListReader(payload);
            while (reader.TryRead(out var key, out var value))
            {
                actual.Add((Encoding.UTF8.GetString(key), ValueText.Of(value)));
            }

            var expected = kv.EnumerateArray().Select(p => (p[0].GetString()!, TypedText.FromJson(p[1]))).ToList();
            Assert.Equal(expected, actual);
        }
        else if (decoded.TryGetProperty("messages", out var messages))
        {
            Assert.Equal(FrameType.Notify, header.Type);
            Assert.Equal(messages.GetArrayLength(), MessageListReader.Validate(payload));
            var reader = new MessageListReader(payload);
            foreach (var expected in messages.EnumerateArray())
            {
                Assert.True(reader.TryReadMessage(out var message));
                Assert.Equal(expected.GetProperty("name").GetString(), message.GetName());
                Assert.Equal(expected.GetProperty("nargs").GetInt32(), message.ArgumentCount);
                var args = expected.GetProperty("args").EnumerateArray().ToList();
                var i = 0;
                foreach (var argument in message.Arguments)
                {
                    Assert.Equal(args[i][0].GetString(), Encoding.UTF8.GetString(argument.Name));
                    Assert.Equal(TypedText.FromJson(args[i][1]), ValueText.Of(argument.Value));
                    i++;
                }

                Assert.Equal(args.Count, i);
            }

            Assert.False(reader.TryReadMessage(out _));
        }
        else if (decoded.TryGetProperty("actions", out var actionsJson))
        {
            var actions = ActionListDecoder.Decode(payload, out var rawRest);
            var expected = actionsJson.EnumerateArray().ToList();
            Assert.Equal(expected.Count, actions.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var e = expected[i];
                Assert.Equal(e.GetProperty("action").GetInt32(), actions[i].Type);
                Assert.Equal(e.GetProperty("nargs").GetInt32(), actions[i].ArgumentCount);
                if (e.TryGetProperty("raw_rest", out var rest))
                {
                    Assert.Equal(rest.GetString(), Convert.ToHexStringLower(rawRest));
                    continue;
                }

                Assert.Equal(e.GetProperty("scope").GetInt32(), actions[i].Scope);
                Assert.Equal(e.GetProperty("var").GetString(), actions[i].Name);
                if (e.TryGetProperty("value", out var value))
                {
                    Assert.Equal(TypedText.FromJson(value), actions[i].Value);
                }
            }
        }
        else
        {
            // Frame type 200: only the header is recorded.
            Assert.Equal(200, (int)header.Type);
        }
    }

    private static Dictionary<string, TypedText> Kv(JsonElement decoded) =>
        decoded.GetProperty("kv").EnumerateArray().ToDictionary(p => p[0].GetString()!, p => TypedText.FromJson(p[1]));
}
