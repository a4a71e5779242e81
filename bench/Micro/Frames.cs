using System.Buffers;
using SpoaOpenTracing.Bench.SpopLoad;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Bench.Micro;

/// <summary>The frames the benchmarks feed: a real capture and the seed's NOTIFYs.</summary>
internal static class Frames
{
    /// <summary>
    /// tests/Spop.Tests/Captures/haproxy26-notify-request-multi.hex: HAProxy 2.6.12, 2 messages, every data type.
    /// </summary>
    public static readonly byte[] CapturedNotify = Convert.FromHexString(
        "000000a303000000010001096d73672d626173696305026970067f0000010470"
        + "6f727404fc9019066d6574686f640803474554047061746808012f0376657208"
        + "03312e31096d73672d74797065730a0173080568656c6c6f0169042a016e04ff"
        + "f0fefefefefefefe0e01621101660102763406c0a800010276360720010db800"
        + "00000000000000000000010362696e09030001ff036e756c0000080b756e6e61"
        + "6d65642d617267");

    /// <summary>One NOTIFY frame (length prefix included) per SPOE event of the seed's spoe.cfg for a 200 response.</summary>
    public static byte[][] SeedNotifies(RequestScript script, ulong streamId)
    {
        var frames = new byte[script.FrameCount][];
        for (var i = 0; i < frames.Length; i++)
        {
            var payload = script.Payloads[i];
            var buffer = new ArrayBufferWriter<byte>(payload.Length + 32);
            var frame = FrameWriter.BeginFrame(buffer, FrameType.Notify, streamId, (ulong)i + 1, payload.Length + 25, out var n);
            payload.CopyTo(frame[n..]);
            FrameWriter.EndFrame(buffer, frame, n + payload.Length);
            frames[i] = buffer.WrittenSpan.ToArray();
        }

        return frames;
    }
}
