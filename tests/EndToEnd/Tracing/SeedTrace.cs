using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.Tracing;

/// <summary>The trace the seed's spoe.cfg produces (seed README section 6): span names, parents, references.</summary>
internal static class SeedTrace
{
    public const string HaproxySession = "HAProxy session";
    public const string ClientSession = "Client session";
    public const string FrontendTcpRequest = "Frontend TCP request";
    public const string FrontendHttpRequest = "Frontend HTTP request";
    public const string BackendTcpRequest = "Backend TCP request";
    public const string BackendHttpRequest = "Backend HTTP request";
    public const string ServerSession = "Server session";
    public const string TcpResponse = "TCP response";
    public const string HttpResponse = "HTTP response";

    public const string RefTypeAttribute = "opentracing.ref_type";
    public const string FollowsFrom = "follows_from";

    /// <summary>Span name → (parent span name, whether the reference is follows-from rather than child-of).</summary>
    public static readonly IReadOnlyDictionary<string, (string? Parent, bool FollowsFrom)> Shape = new Dictionary<string, (string?, bool)>
    {
        [HaproxySession] = (null, false),
        [ClientSession] = (HaproxySession, false),
        [FrontendTcpRequest] = (ClientSession, false),
        [FrontendHttpRequest] = (FrontendTcpRequest, true),
        [BackendTcpRequest] = (FrontendHttpRequest, true),
        [BackendHttpRequest] = (BackendTcpRequest, true),
        [ServerSession] = (HaproxySession, false),
        [TcpResponse] = (ServerSession, false),
        [HttpResponse] = (TcpResponse, true),
    };

    /// <summary>The spans of the trace whose "Frontend HTTP request" carries <c>http.url</c> = <paramref name="url"/>.</summary>
    public static List<ReceivedSpan> TraceOf(IEnumerable<ReceivedSpan> spans, string url)
    {
        var all = spans as IReadOnlyList<ReceivedSpan> ?? spans.ToList();
        var request = all.FirstOrDefault(s => s.Name == FrontendHttpRequest && Equals(s.Attributes.GetValueOrDefault("http.url"), url));
        return request is null ? [] : all.Where(s => s.TraceId == request.TraceId).ToList();
    }

    /// <summary>Exactly the named spans, once each, linked as in <see cref="Shape"/>: parent ids, and for follows-from
    /// a link to the parent carrying <c>opentracing.ref_type=follows_from</c>.</summary>
    public static Dictionary<string, ReceivedSpan> AssertShape(IReadOnlyList<ReceivedSpan> trace, params string[] names)
    {
        Assert.Equal(names.Order(), trace.Select(s => s.Name).Order());
        var byName = trace.ToDictionary(s => s.Name);
        Assert.Single(trace.Select(s => s.TraceId).Distinct());
        Assert.Equal(trace.Count, trace.Select(s => s.SpanId).Distinct().Count());
        foreach (var span in trace)
        {
            var (parent, followsFrom) = Shape[span.Name];
            Assert.True(span.EndTimeUnixNano >= span.StartTimeUnixNano, $"{span.Name} ends before it starts");
            if (parent is null)
            {
                Assert.Equal("", span.ParentSpanId);
                Assert.Empty(span.Links);
                continue;
            }

            Assert.True(byName[parent].SpanId == span.ParentSpanId, $"{span.Name}: parent should be {parent}");
            if (followsFrom)
            {
                var link = Assert.Single(span.Links);
                Assert.Equal(byName[parent].TraceId, link.TraceId);
                Assert.Equal(byName[parent].SpanId, link.SpanId);
                Assert.Equal(FollowsFrom, link.Attributes[RefTypeAttribute]);
            }
            else
            {
                Assert.Empty(span.Links);
            }
        }

        return byName;
    }
}
