using System.Buffers;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Hosting.Warmup;

/// <summary>
/// The NOTIFY payloads HAProxy sends for one request with the seed's examples/spoe.cfg, one per SPOE event and in
/// event order: every message kind and argument kind (span, baggage, child-of, follows-from, tag, finish, finish "*")
/// of the seed grammar, so each method HAProxy's first request reaches is compiled before the listener opens. The one
/// copy of that script: bench/SpopLoad compiles this file in too.
/// </summary>
internal static class WarmupRequest
{
    public static byte[][] Build(string id, int status, string path = "/") =>
    [
        Encode(w => w.BeginMessage("opentracing:client_session_start", 6)
            .Argument("id", id).Argument("span", "HAProxy session").Argument("baggage", "haproxy_id")
            .Argument("", id).Argument("span", "Client session").Argument("child-of", "HAProxy session")),
        Encode(w => w.BeginMessage("opentracing:frontend_tcp_request", 3)
            .Argument("id", id).Argument("span", "Frontend TCP request").Argument("child-of", "Client session")),
        Encode(w => w.BeginMessage("opentracing:frontend_http_request", 11)
            .Argument("id", id).Argument("span", "Frontend HTTP request").Argument("follows-from", "Frontend TCP request")
            .Argument("tag", "http.method").Argument("", "GET").Argument("tag", "http.url").Argument("", path)
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
            if (status >= 400)
            {
                // What HAProxy adds when examples/spoe.cfg's acl-http-status-ok is false.
                w.BeginMessage("opentracing:http_response-error", 4)
                    .Argument("id", id).Argument("span", "HTTP response").Argument("tag", "error").Argument("", SpopValue.FromBoolean(true));
            }

            w.BeginMessage("opentracing:server_session_end", 3)
                .Argument("id", id).Argument("finish", "HTTP response").Argument("finish", "Server session")
                .BeginMessage("opentracing:client_session_end", 2)
                .Argument("id", id).Argument("finish", "*");
        }),
    ];

    private static byte[] Encode(Action<MessageListWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        write(new MessageListWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
