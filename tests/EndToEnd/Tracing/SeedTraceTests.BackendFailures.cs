using System.Net;
using SpoaOpenTracing.EndToEnd.Infrastructure;
using static SpoaOpenTracing.EndToEnd.Tracing.SeedTrace;

namespace SpoaOpenTracing.EndToEnd.Tracing;

/// <summary>
/// When the backend fails, HAProxy sends no response event, so spans stay open until the agent's idle reaper ends
/// them: status Error with the timeout reason, the reason event, and <c>error=true</c> on the root.
/// </summary>
public sealed partial class SeedTraceTests
{
    private const string TimeoutEvent = "timeout";
    private const string ReasonAttribute = "reason";

    [Fact]
    public async Task A_backend_that_does_not_answer_leaves_spans_that_the_reaper_ends_with_error()
    {
        // HAProxy 2.6 fires on-server-session and on-tcp-response once the connection is up, before any byte comes
        // back, so this case has 8 spans: the seed's 9 minus "HTTP response".
        var frontendPort = Ports.GetFreeTcpPort();
        await using var haproxy = await fixture.StartHaproxyAsync(frontendPort, fixture.Backend.Port, ("timeout server 50000", "timeout server 300"));
        var url = $"/sleep/10000?req={Guid.NewGuid():N}";
        using (var response = await GetAsync(frontendPort, url))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        }

        var spans = AssertShape(await WaitForTraceAsync(url, 8),
            HaproxySession, ClientSession, FrontendTcpRequest, FrontendHttpRequest, BackendTcpRequest, BackendHttpRequest, ServerSession, TcpResponse);
        AssertReaped(spans, [HaproxySession, ClientSession, ServerSession, TcpResponse]);
    }

    [Fact]
    public async Task A_backend_that_is_down_gives_the_seeds_six_spans_ended_by_the_reaper_with_error()
    {
        // Nothing listens on this port: HAProxy's connect fails (retries 3), so no server-side event is ever sent:
        // the seed README's "6 spans, 1 error set" case.
        var frontendPort = Ports.GetFreeTcpPort();
        await using var haproxy = await fixture.StartHaproxyAsync(frontendPort, Ports.GetFreeTcpPort());
        var url = $"/?down={Guid.NewGuid():N}";
        using (var response = await GetAsync(frontendPort, url))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        var spans = AssertShape(await WaitForTraceAsync(url, 6),
            HaproxySession, ClientSession, FrontendTcpRequest, FrontendHttpRequest, BackendTcpRequest, BackendHttpRequest);
        AssertReaped(spans, [HaproxySession, ClientSession, BackendHttpRequest]);
    }

    /// <summary>The <paramref name="open"/> spans were ended by the reaper; the others were finished by a message.</summary>
    private static void AssertReaped(Dictionary<string, ReceivedSpan> spans, string[] open)
    {
        foreach (var span in spans.Values)
        {
            if (open.Contains(span.Name))
            {
                Assert.True(span.StatusCode == 2, $"{span.Name} should have status Error");
                Assert.Equal(TracingFixture.TimeoutMessage, span.StatusMessage);
                var reason = Assert.Single(span.Events, e => e.Name == TimeoutEvent);
                Assert.Equal(TracingFixture.TimeoutMessage, reason.Attributes[ReasonAttribute]);
            }
            else
            {
                Assert.True(span.StatusCode == 0, $"{span.Name} was finished normally but has status {span.StatusCode}");
                Assert.DoesNotContain(span.Events, e => e.Name == TimeoutEvent);
            }
        }

        Assert.Equal(true, spans[HaproxySession].Attributes["error"]);
        Assert.All(spans.Values.Where(s => s.Name != HaproxySession), s => Assert.False(s.Attributes.ContainsKey("error"), $"{s.Name} has error set"));
    }
}
