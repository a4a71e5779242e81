using System.Buffers.Binary;
using CsCheck;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>
/// CsCheck generators: NOTIFY messages (names and arguments of every type, some empty, some long), streams seeded
/// with the captured frames, and mutations each paired with the outcome they must produce. What the messages mean
/// to a handler is not this project's business: the tracing grammar has its own fuzz test in Tracing.Tests.
/// </summary>
internal static class FuzzGenerators
{
    public const uint MaxFrameSize = SpopServerOptions.DefaultMaxFrameSize;

    private static readonly string[] s_names = ["id", "span", "tag", "ts", "", "", "x-unknown"];

    private static readonly Gen<string> GenText = Gen.Frequency(
        (6, Gen.OneOf(s_names)),
        (2, Gen.String[0, 40]),
        (1, Gen.Char.Array[0, 400].Select(c => new string(c))));

    private static readonly Gen<SpopValueBox> GenValue = Gen.Frequency(
        (8, GenText.Select(SpopValueBox.String)),
        (1, Gen.Const(new SpopValueBox(SpopDataType.Null, 0, []))),
        (1, Gen.Bool.Select(SpopValueBox.Bool)),
        (2, Gen.OneOf(SpopDataType.Int32, SpopDataType.UInt32, SpopDataType.Int64, SpopDataType.UInt64)
            .Select(Gen.ULong, (t, v) => new SpopValueBox(t, v, []))),
        (1, Gen.Byte.Array[4].Select(b => new SpopValueBox(SpopDataType.IPv4, 0, b))),
        (1, Gen.Byte.Array[16].Select(b => new SpopValueBox(SpopDataType.IPv6, 0, b))),
        (1, Gen.Byte.Array[0, 64].Select(b => new SpopValueBox(SpopDataType.Binary, 0, b))));

    private static readonly Gen<(string, SpopValueBox)> GenArgument =
        Gen.Select(Gen.Frequency((10, Gen.OneOf(s_names)), (1, Gen.String[0, 20])), GenValue);

    /// <summary>A message: mostly with a short known name and up to a dozen arguments; sometimes any name.</summary>
    public static readonly Gen<FuzzMessage> GenMessage = Gen.Frequency(
        (9, Gen.Select(Gen.OneOf("opentracing:frontend_tcp_request", "check-client", "x"), GenArgument.Array[0, 12])
            .Select((name, args) => new FuzzMessage(name, args))),
        (1, Gen.Select(Gen.String[0, 30], GenArgument.Array[0, 8]).Select((name, args) => new FuzzMessage(name, args))));

    public static readonly Gen<NotifyModel> GenNotify =
        Gen.Select(Gen.ULong[0, 1_000_000], Gen.ULong[0, 1_000_000], GenMessage.Array[0, 6])
            .Select((s, f, m) => new NotifyModel(s, f, m))
            .Where(n => n.Encode().Frame.Length - FrameReader.LengthPrefixSize <= MaxFrameSize);

    private static readonly byte[][] s_hellos =
        [Captures.Bytes("haproxy26-hello.hex"), Captures.Bytes("haproxy32-hello.hex"), HelloBuilder.Hello()];

    private static readonly byte[][] s_capturedNotifies = Captures.All
        .Where(e => e.Direction == "haproxy->agent" && e.File.Contains("-notify-", StringComparison.Ordinal))
        .Select(e => e.Bytes).ToArray();

    private static readonly (byte[] Bytes, bool HealthCheck)[] s_capturedFrames = Captures.All
        .Where(e => e.Direction == "haproxy->agent")
        .Select(e => (e.Bytes, e.File.Contains("healthcheck", StringComparison.Ordinal))).ToArray();

    /// <summary>HELLO then one modelled NOTIFY, mutated with a known expected outcome.</summary>
    public static readonly Gen<FuzzCase> GenModelCase =
        Gen.Select(Gen.Int[0, s_hellos.Length - 1], GenNotify, Gen.Int[0, 9], Gen.UInt, Gen.Int[0, int.MaxValue])
            .Select((h, model, kind, number, position) => MutateModel(s_hellos[h], model.Encode(), kind, number, position));

    /// <summary>A HELLO, or a captured frame after a HELLO, with a header mutation of known outcome or random damage.</summary>
    public static readonly Gen<FuzzCase> GenCaptureCase =
        Gen.Select(Gen.Int[0, s_hellos.Length - 1], Gen.Int[0, s_capturedFrames.Length - 1], Gen.Int[0, 8], Gen.UInt, Gen.Int[0, int.MaxValue], Gen.Byte)
            .Select((h, c, kind, number, position, value) => MutateCapture(s_hellos[h], s_capturedFrames[c].Bytes, s_capturedFrames[c].HealthCheck, kind, number, position, value));

    /// <summary>Random typed data after a valid HELLO, framed as a NOTIFY: most of it is malformed.</summary>
    public static readonly Gen<FuzzCase> GenRandomPayloadCase =
        Gen.Select(Gen.Int[0, s_hellos.Length - 1], Gen.Byte.Array[0, 300])
            .Select((h, payload) => new FuzzCase("random payload",
                [.. s_hellos[h], .. HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, 1, 1, payload)], Expectation.Any));

    public static readonly Gen<FuzzCase> GenCase = Gen.Frequency((6, GenModelCase), (3, GenCaptureCase), (1, GenRandomPayloadCase));

    /// <summary>The captured NOTIFY frames (HAProxy 2.6 and 3.2), for the tests that replay them.</summary>
    public static IReadOnlyList<byte[]> CapturedNotifies => s_capturedNotifies;

    private static FuzzCase MutateModel(byte[] hello, EncodedNotify notify, int kind, uint number, int position)
    {
        var frame = notify.Frame.ToArray();
        switch (kind)
        {
            case 0:
                return new FuzzCase("none", [.. hello, .. frame], Expectation.Acks(1));
            case 1:
            {
                // Cut the payload inside a message (a cut on a message boundary is a valid, shorter NOTIFY).
                var payloadLength = frame.Length - notify.PayloadOffset;
                if (payloadLength == 0)
                {
                    return new FuzzCase("none (empty NOTIFY)", [.. hello, .. frame], Expectation.Acks(1));
                }

                var cut = notify.PayloadOffset + (position % payloadLength);
                var onBoundary = cut == notify.PayloadOffset || notify.MessageEnds.Contains(cut);
                var truncated = Reframe(frame, cut);
                return new FuzzCase($"payload cut at {cut}", [.. hello, .. truncated],
                    onBoundary ? Expectation.Acks(1) : Expectation.Rejected(SpopStatus.InvalidFrame));
            }

            case 2 when notify.ValueTypeOffsets.Length > 0:
            {
                var offset = notify.ValueTypeOffsets[position % notify.ValueTypeOffsets.Length];
                frame[offset] = (byte)((frame[offset] & 0xF0) | (int)(10 + (number % 6)));
                return new FuzzCase($"undefined data type at {offset}", [.. hello, .. frame], Expectation.Rejected(SpopStatus.InvalidFrame));
            }

            case 3:
            {
                // A trailing partial frame after a whole one: the whole one is answered, then the connection waits.
                var partial = frame.AsSpan(0, (int)(number % (uint)frame.Length)).ToArray();
                return new FuzzCase($"whole frame then {partial.Length} byte(s) of the next", [.. hello, .. frame, .. partial],
                    partial.Length == 0 ? Expectation.Acks(1) : Expectation.Waits(1));
            }

            default:
                return MutateHeader(hello, frame, "NOTIFY", kind - 4, number, position);
        }
    }

    private static FuzzCase MutateCapture(byte[] hello, byte[] captured, bool healthCheck, int kind, uint number, int position, byte value)
    {
        var frame = captured.ToArray();
        var isHello = frame[4] == (byte)FrameType.HaproxyHello;
        var prefix = isHello ? [] : hello;
        var name = isHello ? "captured HELLO" : "captured frame";
        var validOutcome = OutcomeOfValid(frame, healthCheck);
        switch (kind)
        {
            case 0:
                return new FuzzCase(name, [.. prefix, .. frame], validOutcome);
            case 1:
                frame[position % frame.Length] ^= (byte)(1 << (int)(number % 8));
                return new FuzzCase(name + ": bit flip", [.. prefix, .. frame], Expectation.Any);
            case 2:
                frame = [.. frame.AsSpan(0, position % frame.Length), value, .. frame.AsSpan(position % frame.Length)];
                return new FuzzCase(name + ": byte inserted", [.. prefix, .. frame], Expectation.Any);
            default:
                return MutateHeader(prefix, frame, name, kind - 3, number, position);
        }
    }

    private static Expectation OutcomeOfValid(byte[] frame, bool healthCheck) => (FrameType)frame[4] switch
    {
        FrameType.HaproxyHello when healthCheck => Expectation.HealthCheck(),
        FrameType.HaproxyHello => Expectation.Acks(0),
        FrameType.HaproxyDisconnect => Expectation.Rejected(SpopStatus.Normal),
        _ => Expectation.Acks(1),
    };

    /// <summary>Mutations of the fixed header, valid for any frame; 0..5 have a known outcome.</summary>
    private static FuzzCase MutateHeader(byte[] prefix, byte[] frame, string name, int kind, uint number, int position)
    {
        var isHello = frame[4] == (byte)FrameType.HaproxyHello;
        switch (kind)
        {
            case 0:
            {
                var length = MaxFrameSize + 1 + (number % (uint.MaxValue - MaxFrameSize - 1));
                BinaryPrimitives.WriteUInt32BigEndian(frame, length);
                return new FuzzCase($"{name}: length {length}", [.. prefix, .. frame], Expectation.Rejected(SpopStatus.FrameTooBig));
            }

            case 1:
                BinaryPrimitives.WriteUInt32BigEndian(frame, number % FrameReader.MinFrameLength);
                return new FuzzCase($"{name}: length below 7", [.. prefix, .. frame], Expectation.Rejected(SpopStatus.InvalidFrame));
            case 2:
                frame[8] &= 0xFE;
                return new FuzzCase($"{name}: FIN cleared", [.. prefix, .. frame], frame[4] == (byte)FrameType.HaproxyDisconnect
                    ? Expectation.Rejected(SpopStatus.Normal)
                    : Expectation.Rejected(SpopStatus.FragmentationNotSupported));
            case 3:
            {
                // Types never valid here: a second HELLO or an agent's frame (before the HELLO: anything but a HELLO).
                byte[] types = isHello ? [2, 3, 101, 102, 103] : [1, 101, 102, 103];
                frame[4] = types[number % (uint)types.Length];
                return new FuzzCase($"{name}: type {frame[4]}", [.. prefix, .. frame], Expectation.Rejected(SpopStatus.InvalidFrame));
            }

            case 4 when !isHello:
            {
                // Types SPOP does not define are skipped by length.
                var type = (byte)(4 + (number % 97));
                frame[4] = type;
                return new FuzzCase($"{name}: unknown type {type}", [.. prefix, .. frame], Expectation.Acks(0));
            }

            case 5:
            {
                // A stream-id varint longer than 10 bytes.
                byte[] bad = [.. frame.AsSpan(0, 9), .. Enumerable.Repeat((byte)0xFF, 11), .. frame.AsSpan(9)];
                BinaryPrimitives.WriteUInt32BigEndian(bad, (uint)(bad.Length - 4));
                return new FuzzCase($"{name}: malformed stream-id", [.. prefix, .. bad], Expectation.Rejected(
                    bad.Length - 4 > MaxFrameSize ? SpopStatus.FrameTooBig : SpopStatus.InvalidFrame));
            }

            default:
            {
                // Length edited within the allowed range: a frame cut short (the rest becomes the next frame) or a
                // frame that waits for bytes that never come.
                var length = FrameReader.MinFrameLength + (uint)(position % (int)(MaxFrameSize - FrameReader.MinFrameLength + 1));
                BinaryPrimitives.WriteUInt32BigEndian(frame, length);
                return new FuzzCase($"{name}: length {length} of {frame.Length - 4}", [.. prefix, .. frame],
                    length > frame.Length - 4 ? Expectation.Waits() : Expectation.Any);
            }
        }
    }

    /// <summary>The frame cut at <paramref name="end"/> with its length field fixed.</summary>
    private static byte[] Reframe(byte[] frame, int end)
    {
        var cut = frame.AsSpan(0, end).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(cut, (uint)(end - 4));
        return cut;
    }
}
