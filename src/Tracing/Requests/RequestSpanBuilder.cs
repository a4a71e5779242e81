using SpoaOpenTracing.Tracing.Export;
using SpoaOpenTracing.Tracing.Internal;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// Turns a complete <see cref="RequestRecord"/> into its spans with the ids HAProxy chose: the frontend's SERVER span
/// (from the request's start to its end) and, when a server was reached, the backend hop's CLIENT span (from the
/// backend's start to the response headers). Attribute names are the semconv SPOE preset's; status follows
/// OpenTelemetry's HTTP rule (5xx Error on both, 4xx on CLIENT only) and HAProxy's termination state. Keeps no
/// state: any thread, any number of agents.
/// </summary>
internal sealed class RequestSpanBuilder
{
    private readonly SpanPipeline _pipeline;
    private readonly AttributeLimits _limits;
    private readonly TracingMetrics _metrics;

    public RequestSpanBuilder(SpanPipeline pipeline, AttributeLimits limits, TracingMetrics metrics)
    {
        _pipeline = pipeline;
        _limits = limits;
        _metrics = metrics;
    }

    public RequestOutcome Record(RequestRecord request)
    {
        if (!request.TraceId.IsValid || !request.ServerSpanId.IsValid)
        {
            return RequestOutcome.InvalidContext;
        }

        if (request.StartUnixNano <= 0 || request.EndUnixNano < request.StartUnixNano)
        {
            return RequestOutcome.InvalidTimes;
        }

        var termination = TerminationState.Parse(request.TerminationState);
        if (request.ReachedServer)
        {
            Export(ClientSpan(request, termination));
        }

        Export(ServerSpan(request, termination));
        return RequestOutcome.Recorded;
    }

    private void Export(SpanRecord? span)
    {
        _metrics.SpanStarted();
        _metrics.SpanFinished(reaped: false);
        if (span is not null)
        {
            _pipeline.End(span);
        }
    }

    private SpanRecord? ServerSpan(RequestRecord request, TerminationState termination)
    {
        if (!_pipeline.IsRecording)
        {
            return null;
        }

        var span = Start(request, request.ServerSpanId, request.ParentSpanId, SpanKind.Server, request.StartUnixNano, request.EndUnixNano);
        span.ParentIsRemote = request.ParentSpanId.IsValid;
        AddText(span, "http.request.method", request.Method);
        AddText(span, "url.path", request.Path);
        AddText(span, "url.query", request.Query);
        AddText(span, "url.scheme", request.Scheme);
        AddText(span, "server.address", request.Host);
        AddNumber(span, "server.port", request.FrontendPort, atLeast: 1);
        AddText(span, "client.address", request.ClientAddress);
        AddNumber(span, "client.port", request.ClientPort, atLeast: 1);
        AddText(span, "network.protocol.version", request.ProtocolVersion);
        AddText(span, "user_agent.original", request.UserAgent);
        AddHttpStatus(span, request.StatusCode);
        AddText(span, "haproxy.frontend", request.Frontend);
        AddText(span, "haproxy.backend", request.Backend);
        AddText(span, "haproxy.termination_state", request.TerminationState);
        AddNumber(span, "haproxy.timer.request_ms", request.RequestMs, atLeast: 0);
        AddNumber(span, "haproxy.timer.active_ms", request.ActiveMs, atLeast: 0);
        AddNumber(span, "haproxy.bytes_in", request.BytesIn, atLeast: 0);
        AddNumber(span, "haproxy.bytes_out", request.BytesOut, atLeast: 0);
        // The keys above are distinct, so they were appended unchecked; an extra attribute may replace one of them.
        foreach (var attribute in request.ExtraAttributes)
        {
            _limits.Set(span, attribute.Key, attribute.Value);
        }

        if (termination.IsError)
        {
            span.SetStatus(SpanStatusCode.Error, termination.Description);
        }

        return span;
    }

    private SpanRecord? ClientSpan(RequestRecord request, TerminationState termination)
    {
        if (!_pipeline.IsRecording)
        {
            return null;
        }

        // The hop starts when the request entered the backend (or, without that stamp, with the request) and ends at
        // the response headers (or, when none came, with the request).
        var start = request.BackendStartUnixNano > 0 ? request.BackendStartUnixNano : request.StartUnixNano;
        var end = request.ResponseUnixNano > 0 ? request.ResponseUnixNano : request.EndUnixNano;
        var span = Start(request, request.ClientSpanId, request.ServerSpanId, SpanKind.Client, start, Math.Max(start, end));
        AddText(span, "http.request.method", request.Method);
        AddText(span, "server.address", request.ServerAddress);
        AddNumber(span, "server.port", request.ServerPort, atLeast: 1);
        AddHttpStatus(span, request.StatusCode);
        AddText(span, "haproxy.backend", request.Backend);
        AddText(span, "haproxy.server", request.Server);
        AddNumber(span, "haproxy.retries", request.Retries, atLeast: 0);
        AddNumber(span, "haproxy.timer.queue_ms", request.QueueMs, atLeast: 0);
        AddNumber(span, "haproxy.timer.connect_ms", request.ConnectMs, atLeast: 0);
        AddNumber(span, "haproxy.timer.response_ms", request.ResponseMs, atLeast: 0);
        if (termination is { IsError: true, ServerSideError: true })
        {
            span.SetStatus(SpanStatusCode.Error, termination.Description);
        }

        return span;
    }

    private SpanRecord Start(RequestRecord request, SpanId id, SpanId parent, SpanKind kind, long start, long end)
    {
        var span = _pipeline.Rent();
        span.TraceId = request.TraceId;
        span.SpanId = id;
        span.ParentSpanId = parent;
        span.TraceState = request.TraceState;
        span.Kind = kind;
        span.Name = string.IsNullOrEmpty(request.Method) ? "HTTP" : request.Method;
        span.StartUnixNano = start;
        span.EndUnixNano = end;
        return span;
    }

    private void AddText(SpanRecord span, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _limits.Add(span, key, value);
        }
    }

    private void AddNumber(SpanRecord span, string key, long value, long atLeast)
    {
        if (value >= atLeast)
        {
            _limits.Add(span, key, value);
        }
    }

    private void AddHttpStatus(SpanRecord span, int code)
    {
        if (code is < 100 or > 599)
        {
            return;
        }

        _limits.Add(span, SpanStatuses.HttpStatusAttribute, code);
        if (SpanStatuses.ForHttpStatus(code, span.Kind) is { } status)
        {
            span.SetStatus(status);
        }
    }
}
