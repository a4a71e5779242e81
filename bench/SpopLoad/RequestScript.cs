using System.Buffers;
using System.Text;
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
        var error = status is < 100 or > 399;
        var frames = new List<byte[]>
        {
            Encode(w => w.BeginMessage("opentracing:client_session_start", 6)
                .Argument("id", id).Argument("span", "HAProxy session").Argument("baggage", "haproxy_id")
                .Argument("", id).Argument("span", "Client session").Argument("child-of", "HAProxy session")),
            Encode(w => w.BeginMessage("opentracing:frontend_tcp_request", 3)
                .Argument("id", id).Argument("span", "Frontend TCP request").Argument("child-of", "Client session")),
            Encode(w => w.BeginMessage("opentracing:frontend_http_request", 11)
                .Argument("id", id).Argument("span", "Frontend HTTP request").Argument("follows-from", "Frontend TCP request")
                .Argument("tag", "http.method").Argument("", "GET").Argument("tag", "http.url").Argument("", "/index.html")
                .Argument("tag", "http.version").Argument("", "HTTP/").Argument("", "1.1")
                .Argument("finish", "Frontend TCP request")),
            Encode(w => w.BeginMessage("opentracing:backend_tcp_request", 4)
                .Argument("id", id).Argument("span", "Backend TCP request").Argument("follows-from", "Frontend HTTP request")
                .Argument("finish", "Frontend HTTP request")),
            Encode(w => w.BeginMessage("opentracing:backend_http_request", 4)
                .Argument("id", id).Argument("span", "Backend HTTP request").Argument("follows-from", "Backend TCP request")
                .Argument("finish", "Backend TCP request")),
            Encode(w => w.BeginMessage("opentracing:server_session_start", 4)
                .Argument("id", id).Argument("span", "Server session").Argument("child-of", "HAProxy session")
                .Argument("finish", "Backend HTTP request")),
            Encode(w => w.BeginMessage("opentracing:tcp_response", 3)
                .Argument("id", id).Argument("span", "TCP response").Argument("child-of", "Server session")),
            Encode(w =>
            {
                w.BeginMessage("opentracing:http_response", 6)
                    .Argument("id", id).Argument("span", "HTTP response").Argument("follows-from", "TCP response")
                    .Argument("tag", "http.status_code").Argument("", SpopValue.FromInt32(status)).Argument("finish", "TCP response");
                if (error)
                {
                    w.BeginMessage("opentracing:http_response-error", 4)
                        .Argument("id", id).Argument("span", "HTTP response").Argument("tag", "error")
                        .Argument("", SpopValue.FromBoolean(true));
                }

                w.BeginMessage("opentracing:server_session_end", 3)
                    .Argument("id", id).Argument("finish", "HTTP response").Argument("finish", "Server session");
                w.BeginMessage("opentracing:client_session_end", 2).Argument("id", id).Argument("finish", "*");
            }),
        };

        var payloads = frames.ToArray();
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

    private static byte[] Encode(Action<MessageListWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        write(new MessageListWriter(buffer));
        return buffer.WrittenSpan.ToArray();
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
