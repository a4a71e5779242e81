using System.Buffers;
using System.Text;
using SpoaOpenTracing.Cli.Hosting.Warmup;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>
/// The NOTIFY payloads HAProxy 2.6 sends for one HTTP transaction with examples/spoe.cfg, one per SPOE event, in
/// event order. The messages of one event share a NOTIFY, as HAProxy groups them. With a 2xx status the
/// <c>http_response-error</c> message is not sent (its ACL is false), so a request is 8 NOTIFYs, 10 messages and
/// 9 spans; <c>--status 500</c> adds it (11 messages).
/// The unique id is a fixed-length placeholder whose offsets are recorded, so a new request only patches bytes.
/// </summary>
internal sealed class RequestScript
{
    /// <summary>Same length as HAProxy's <c>%{+X}o %[uuid]:%pid</c> with a 5-digit pid.</summary>
    public const int IdLength = 42;

    private static readonly byte[] s_placeholder = Encoding.ASCII.GetBytes(new string('#', IdLength));

    private RequestScript(byte[][] payloads, int[][] idOffsets, int messageCount)
    {
        Payloads = payloads;
        IdOffsets = idOffsets;
        MessageCount = messageCount;
        MessagesPerFrame = payloads.Select(CountMessages).ToArray();
    }

    public byte[][] Payloads { get; }

    public int[][] IdOffsets { get; }

    public int[] MessagesPerFrame { get; }

    public int MessageCount { get; }

    public int FrameCount => Payloads.Length;

    public static RequestScript Build(int status)
    {
        var id = Encoding.ASCII.GetString(s_placeholder);
        var payloads = WarmupRequest.Build(id, status, "/index.html");
        var offsets = payloads.Select(FindPlaceholders).ToArray();
        return new RequestScript(payloads, offsets, payloads.Sum(CountMessages));
    }

    /// <summary>Writes <paramref name="id"/> (exactly <see cref="IdLength"/> ASCII bytes) into a copy of the script.</summary>
    public static void PatchId(byte[][] payloads, int[][] offsets, ReadOnlySpan<byte> id)
    {
        for (var f = 0; f < payloads.Length; f++)
        {
            foreach (var offset in offsets[f])
            {
                id.CopyTo(payloads[f].AsSpan(offset, IdLength));
            }
        }
    }

    private static int[] FindPlaceholders(byte[] payload)
    {
        var found = new List<int>();
        var start = 0;
        int at;
        while ((at = payload.AsSpan(start).IndexOf(s_placeholder)) >= 0)
        {
            found.Add(start + at);
            start += at + IdLength;
        }

        return found.ToArray();
    }

    private static int CountMessages(byte[] payload) => MessageListReader.Validate(payload);
}
