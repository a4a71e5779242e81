using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// One finished HTTP request as HAProxy saw it, with the trace context HAProxy minted itself: everything the SERVER
/// span of the frontend and the CLIENT span of the backend hop need, so turning it into spans keeps no state (see
/// <see cref="TracingEngine.Record"/>). Filled by a reader of HAProxy's output (a trace log line, a one-exchange SPOE
/// message), which reuses one record per thread: <see cref="Reset"/> between requests.
/// </summary>
public sealed class RequestRecord
{
    /// <summary>The trace: continued from the client's traceparent, or minted by HAProxy.</summary>
    public TraceId TraceId { get; set; }

    /// <summary>The client's span (the incoming traceparent's parent id); <c>default</c> when HAProxy started the trace.</summary>
    public SpanId ParentSpanId { get; set; }

    /// <summary>The frontend's SERVER span.</summary>
    public SpanId ServerSpanId { get; set; }

    /// <summary>The backend hop's CLIENT span: the parent id the server received in its traceparent.</summary>
    public SpanId ClientSpanId { get; set; }

    /// <summary>The client's W3C tracestate, passed on unchanged; null when none.</summary>
    public string? TraceState { get; set; }

    /// <summary>When HAProxy took the request (its first timestamp), unix nanoseconds.</summary>
    public long StartUnixNano { get; set; }

    /// <summary>When the request entered the backend; 0 when it never did.</summary>
    public long BackendStartUnixNano { get; set; }

    /// <summary>When the server's response headers arrived; 0 when none did.</summary>
    public long ResponseUnixNano { get; set; }

    /// <summary>When the request ended (the log time, or the response time in one-exchange mode).</summary>
    public long EndUnixNano { get; set; }

    public string? Method { get; set; }

    public string? Path { get; set; }

    /// <summary>Without the leading '?'; null or empty when the request had none.</summary>
    public string? Query { get; set; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string? Scheme { get; set; }

    /// <summary>The name the client asked for (the Host header without its port): the SERVER span's <c>server.address</c>.</summary>
    public string? Host { get; set; }

    /// <summary>The frontend port the client connected to; 0 when unknown.</summary>
    public int FrontendPort { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>0 when unknown.</summary>
    public int ClientPort { get; set; }

    /// <summary>The HTTP version as HAProxy's <c>req.ver</c> gives it (<c>1.1</c>, <c>2.0</c>).</summary>
    public string? ProtocolVersion { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>The status sent to the client; 0 when none was.</summary>
    public int StatusCode { get; set; }

    public string? Frontend { get; set; }

    public string? Backend { get; set; }

    /// <summary>The server that answered; null (or HAProxy's <c>&lt;NOSRV&gt;</c>) when no server was reached, and then
    /// there is no CLIENT span.</summary>
    public string? Server { get; set; }

    /// <summary>The address and port HAProxy connected to (the CLIENT span's <c>server.address</c>, <c>server.port</c>).</summary>
    public string? ServerAddress { get; set; }

    public int ServerPort { get; set; }

    /// <summary>HAProxy's two-character termination state (<c>%ts</c>: <c>--</c>, <c>sD</c>, <c>CD</c>, <c>SC</c>…); null when unknown.</summary>
    public string? TerminationState { get; set; }

    /// <summary>Connection retries to the server (<c>%rc</c>); -1 when unknown.</summary>
    public int Retries { get; set; } = -1;

    /// <summary>HAProxy's timers in milliseconds (<c>%TR %Tw %Tc %Tr %Ta</c>); -1 when unknown or never reached, as HAProxy writes them.</summary>
    public long RequestMs { get; set; } = -1;

    public long QueueMs { get; set; } = -1;

    public long ConnectMs { get; set; } = -1;

    public long ResponseMs { get; set; } = -1;

    public long ActiveMs { get; set; } = -1;

    /// <summary>Bytes read from the client (<c>%U</c>) and sent to it (<c>%B</c>); -1 when unknown.</summary>
    public long BytesIn { get; set; } = -1;

    public long BytesOut { get; set; } = -1;

    /// <summary>Attributes of the operator's own, added to the SERVER span after the ones above.</summary>
    public List<SpanAttribute> ExtraAttributes { get; } = new();

    /// <summary>Whether a server was reached: then the request has a CLIENT span.</summary>
    public bool ReachedServer => !string.IsNullOrEmpty(Server) && Server != "<NOSRV>" && ClientSpanId.IsValid;

    public void Reset()
    {
        TraceId = default;
        ParentSpanId = default;
        ServerSpanId = default;
        ClientSpanId = default;
        TraceState = null;
        StartUnixNano = BackendStartUnixNano = ResponseUnixNano = EndUnixNano = 0;
        Method = Path = Query = Scheme = Host = ClientAddress = ProtocolVersion = UserAgent = null;
        Frontend = Backend = Server = ServerAddress = TerminationState = null;
        FrontendPort = ClientPort = ServerPort = StatusCode = 0;
        Retries = -1;
        RequestMs = QueueMs = ConnectMs = ResponseMs = ActiveMs = -1;
        BytesIn = BytesOut = -1;
        ExtraAttributes.Clear();
    }
}
