using System.Buffers;
using System.Buffers.Binary;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>Builds HAProxy-side frames (HELLO variants, NOTIFY, DISCONNECT) for handshake and server tests.</summary>
internal static class HelloBuilder
{
    public static byte[] Frame(FrameType type, FrameFlags flags, ulong streamId, ulong frameId, ReadOnlySpan<byte> payload)
    {
        var writer = new ArrayBufferWriter<byte>();
        var span = writer.GetSpan(4 + 25 + payload.Length);
        span[4] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], (uint)flags);
        var n = 9;
        n += Varint.Write(span[n..], streamId);
        n += Varint.Write(span[n..], frameId);
        payload.CopyTo(span[n..]);
        n += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(n - 4));
        writer.Advance(n);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>A KV-LIST; values are (key, encoded typed data).</summary>
    public static byte[] Kv(params (string Key, SpopValueBox Value)[] entries)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var (key, value) in entries)
        {
            var keyBytes = System.Text.Encoding.ASCII.GetBytes(key);
            var span = writer.GetSpan(16 + keyBytes.Length);
            writer.Advance(TypedData.WriteString(span, keyBytes));
            var v = value.ToValue();
            span = writer.GetSpan(TypedData.GetLength(v));
            writer.Advance(TypedData.Write(span, v));
        }

        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Hello(string? versions = "2.0", ulong? maxFrameSize = 16380, string? capabilities = "pipelining",
        string? engineId = "engine", bool healthCheck = false, FrameFlags flags = FrameFlags.Fin, ulong streamId = 0, ulong frameId = 0)
    {
        var entries = new List<(string, SpopValueBox)>();
        if (versions is not null)
        {
            entries.Add(("supported-versions", SpopValueBox.String(versions)));
        }

        if (maxFrameSize is { } mfs)
        {
            entries.Add(("max-frame-size", SpopValueBox.UInt32((uint)mfs)));
        }

        if (capabilities is not null)
        {
            entries.Add(("capabilities", SpopValueBox.String(capabilities)));
        }

        if (engineId is not null)
        {
            entries.Add(("engine-id", SpopValueBox.String(engineId)));
        }

        if (healthCheck)
        {
            entries.Add(("healthcheck", SpopValueBox.Bool(true)));
        }

        return Frame(FrameType.HaproxyHello, flags, streamId, frameId, Kv([.. entries]));
    }
}

/// <summary>A typed value that can live in a collection (SpopValue is a ref struct).</summary>
internal sealed record SpopValueBox(SpopDataType Type, ulong Integer, byte[] Bytes)
{
    public static SpopValueBox String(string s) => new(SpopDataType.String, 0, System.Text.Encoding.UTF8.GetBytes(s));

    public static SpopValueBox UInt32(uint v) => new(SpopDataType.UInt32, v, []);

    public static SpopValueBox Bool(bool v) => new(SpopDataType.Boolean, v ? 1UL : 0UL, []);

    public SpopValue ToValue() => new(Type, Integer, Bytes);
}
