using System.Buffers;
using CsCheck;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>Encode/decode round trips for every value kind, and hostile bytes that must only ever raise SpopException.</summary>
public sealed class PropertyTests
{
    private static readonly Gen<SpopValueBox> GenValue = Gen.OneOf(
        Gen.Const(new SpopValueBox(SpopDataType.Null, 0, [])),
        Gen.Bool.Select(b => new SpopValueBox(SpopDataType.Boolean, b ? 1UL : 0UL, [])),
        Gen.Enum<SpopDataType>().Where(t => t is SpopDataType.Int32 or SpopDataType.UInt32 or SpopDataType.Int64 or SpopDataType.UInt64)
            .Select(Gen.ULong, (t, v) => new SpopValueBox(t, v, [])),
        Gen.Byte.Array[4].Select(b => new SpopValueBox(SpopDataType.IPv4, 0, b)),
        Gen.Byte.Array[16].Select(b => new SpopValueBox(SpopDataType.IPv6, 0, b)),
        Gen.Byte.Array[0, 3000].Select(b => new SpopValueBox(SpopDataType.String, 0, b)),
        Gen.Byte.Array[0, 300].Select(b => new SpopValueBox(SpopDataType.Binary, 0, b)));

    [Fact]
    public void Message_RoundTrip_EveryValueKind() =>
        Gen.Select(Gen.String[0, 20], GenValue.Array[0, 12]).Sample((name, values) =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MessageListWriter(buffer).BeginMessage(name, values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                writer.Argument("a" + i, values[i].ToValue());
            }

            var reader = new MessageListReader(buffer.WrittenSpan);
            Assert.True(reader.TryReadMessage(out var message));
            Assert.Equal(name, message.GetName());
            var index = 0;
            foreach (var argument in message.Arguments)
            {
                var expected = values[index].ToValue();
                Assert.Equal("a" + index, System.Text.Encoding.ASCII.GetString(argument.Name));
                Assert.Equal(expected.Type, argument.Value.Type);
                Assert.Equal(expected.UInt64, argument.Value.UInt64);
                Assert.True(expected.Bytes.SequenceEqual(argument.Value.Bytes));
                index++;
            }

            Assert.Equal(values.Length, index);
            Assert.False(reader.TryReadMessage(out _));
        }, iter: 5_000);

    [Fact]
    public void RandomBytes_OnlyRaiseSpopException() =>
        Gen.Byte.Array[0, 64].Sample(bytes => DecodeEverything(bytes), iter: 100_000);

    [Fact]
    public void MutatedCaptures_OnlyRaiseSpopException()
    {
        var captures = Captures.All.Where(e => e.Direction == "haproxy->agent").Select(e => e.Bytes).ToArray();
        var gen = Gen.Select(Gen.Int[0, captures.Length - 1], Gen.Int[0, 2], Gen.Int[0, 200], Gen.Byte)
            .Select((c, kind, position, value) =>
            {
                var bytes = captures[c].ToList();
                var at = Math.Min(position, bytes.Count - 1);
                switch (kind)
                {
                    case 0: bytes[at] ^= (byte)(value | 1); break;
                    case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                    default: bytes.Insert(at, value); break;
                }

                return bytes.ToArray();
            });
        gen.Sample(bytes => DecodeEverything(bytes), iter: 100_000);
    }

    /// <summary>Frame, then the payload as KV-LIST and as LIST-OF-MESSAGES (iterating every argument), then the
    /// HELLO negotiation.</summary>
    private static void DecodeEverything(byte[] bytes)
    {
        try
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            var payload = bytes.AsSpan();
            FrameHeader header = default;
            if (FrameReader.TryReadFrame(ref buffer, 16384, out header, out var sequence))
            {
                payload = sequence.ToArray();
            }

            Try(() => Handshake.Negotiate(in header, bytes.AsSpan(Math.Min(11, bytes.Length)), new SpopServerOptions()));
            var copy = payload.ToArray();
            Try(() =>
            {
                var kv = new KvListReader(copy);
                while (kv.TryRead(out _, out var value))
                {
                    _ = value.ToString();
                }
            });
            Try(() =>
            {
                var reader = new MessageListReader(copy);
                while (reader.TryReadMessage(out var message))
                {
                    foreach (var argument in message.Arguments)
                    {
                        _ = argument.Value.ToString();
                    }
                }
            });
        }
        catch (SpopException)
        {
        }
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (SpopException)
        {
        }
    }
}
