using System.Buffers;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>A NOTIFY frame before encoding: ids and messages. Encoded with the library's own writers, so a frame
/// from an unmutated model is valid by construction.</summary>
internal sealed record NotifyModel(ulong StreamId, ulong FrameId, FuzzMessage[] Messages)
{
    public EncodedNotify Encode()
    {
        var payload = new ArrayBufferWriter<byte>();
        var writer = new MessageListWriter(payload);
        var messageEnds = new List<int>();
        var typeOffsets = new List<int>();
        foreach (var message in Messages)
        {
            writer.BeginMessage(message.Name, message.Arguments.Length);
            foreach (var (name, value) in message.Arguments)
            {
                typeOffsets.Add(payload.WrittenCount + TypedData.GetStringLength(System.Text.Encoding.UTF8.GetByteCount(name)));
                writer.Argument(name, value.ToValue());
            }

            messageEnds.Add(payload.WrittenCount);
        }

        var frame = HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, StreamId, FrameId, payload.WrittenSpan);
        var payloadOffset = frame.Length - payload.WrittenCount;
        return new EncodedNotify(frame, payloadOffset, [.. messageEnds.Select(e => e + payloadOffset)],
            [.. typeOffsets.Select(o => o + payloadOffset)]);
    }
}
