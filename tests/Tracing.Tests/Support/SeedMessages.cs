using SpoaOpenTracing.Spop;
using static SpoaOpenTracing.Tracing.Tests.Support.Arg;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>The seed's spoe.cfg messages (landscape.md c.1), with the arguments HAProxy would send for one request.</summary>
public static class SeedMessages
{
    public static (string, Arg[]) ClientSessionStart(string id) => ("opentracing:client_session_start",
        [Str("id", id), Str("span", "HAProxy session"), Str("baggage", "haproxy_id"), More(id), Str("span", "Client session"), Str("child-of", "HAProxy session")]);

    public static (string, Arg[]) FrontendTcpRequest(string id) => ("opentracing:frontend_tcp_request",
        [Str("id", id), Str("span", "Frontend TCP request"), Str("child-of", "Client session")]);

    public static (string, Arg[]) FrontendHttpRequest(string id) => ("opentracing:frontend_http_request",
        [Str("id", id), Str("span", "Frontend HTTP request"), Str("follows-from", "Frontend TCP request"),
         Str("tag", "http.method"), More("GET"), Str("tag", "http.url"), More("/index.html"),
         Str("tag", "http.version"), More("HTTP/"), More("1.1"), Str("finish", "Frontend TCP request")]);

    public static (string, Arg[]) BackendTcpRequest(string id) => ("opentracing:backend_tcp_request",
        [Str("id", id), Str("span", "Backend TCP request"), Str("follows-from", "Frontend HTTP request"), Str("finish", "Frontend HTTP request")]);

    public static (string, Arg[]) BackendHttpRequest(string id) => ("opentracing:backend_http_request",
        [Str("id", id), Str("span", "Backend HTTP request"), Str("follows-from", "Backend TCP request"), Str("finish", "Backend TCP request")]);

    public static (string, Arg[]) ServerSessionStart(string id) => ("opentracing:server_session_start",
        [Str("id", id), Str("span", "Server session"), Str("child-of", "HAProxy session"), Str("finish", "Backend HTTP request")]);

    public static (string, Arg[]) TcpResponse(string id) => ("opentracing:tcp_response",
        [Str("id", id), Str("span", "TCP response"), Str("child-of", "Server session")]);

    /// <summary><c>status</c> is an integer sample: HAProxy sends it as SINT64.</summary>
    public static (string, Arg[]) HttpResponse(string id, int status) => ("opentracing:http_response",
        [Str("id", id), Str("span", "HTTP response"), Str("follows-from", "TCP response"),
         Str("tag", "http.status_code"), More(SpopDataType.Int64, (long)status), Str("finish", "TCP response")]);

    public static (string, Arg[]) HttpResponseError(string id) => ("opentracing:http_response-error",
        [Str("id", id), Str("span", "HTTP response"), Str("tag", "error"), More(SpopDataType.Boolean, true)]);

    public static (string, Arg[]) ServerSessionEnd(string id) => ("opentracing:server_session_end",
        [Str("id", id), Str("finish", "HTTP response"), Str("finish", "Server session")]);

    public static (string, Arg[]) ClientSessionEnd(string id) => ("opentracing:client_session_end",
        [Str("id", id), Str("finish", "*")]);

    /// <summary>One request's events, each event one NOTIFY frame, as HAProxy sends them; the response event carries
    /// its messages in one frame (http_response-error only when the status is not 100-399).</summary>
    public static IEnumerable<(string, Arg[])[]> Request(string id, int status = 200)
    {
        yield return [ClientSessionStart(id)];
        foreach (var frame in RequestSide(id).Skip(1))
        {
            yield return frame;
        }

        yield return [ServerSessionStart(id)];
        yield return [TcpResponse(id)];
        yield return status is >= 100 and <= 399
            ? [HttpResponse(id, status), ServerSessionEnd(id), ClientSessionEnd(id)]
            : [HttpResponse(id, status), HttpResponseError(id), ServerSessionEnd(id), ClientSessionEnd(id)];
    }

    /// <summary>The events up to the backend request: what happens when the server never answers.</summary>
    public static IEnumerable<(string, Arg[])[]> RequestSide(string id)
    {
        yield return [ClientSessionStart(id)];
        yield return [FrontendTcpRequest(id)];
        yield return [FrontendHttpRequest(id)];
        yield return [BackendTcpRequest(id)];
        yield return [BackendHttpRequest(id)];
    }
}
