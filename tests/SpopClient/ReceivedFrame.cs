using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Tests.SpopClient;

/// <summary>A frame the agent sent, as read by <see cref="FrameSocket"/>.</summary>
internal sealed record ReceivedFrame(FrameHeader Header, byte[] Payload)
{
    /// <summary>The status-code of an AGENT-DISCONNECT.</summary>
    public uint DisconnectStatus()
    {
        var reader = new KvListReader(Payload);
        while (reader.TryRead(out var key, out var value))
        {
            if (key.SequenceEqual("status-code"u8))
            {
                return (uint)value.UInt64;
            }
        }

        throw new InvalidOperationException("no status-code");
    }
}
