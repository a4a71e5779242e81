using System.Text;
using SpoaOpenTracing.Tracing.Propagation;

namespace SpoaOpenTracing.Tracing.Tests.Propagation;

public sealed class ContextExtractorTests
{
    private const string W3c = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private const string B3 = "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1";
    private const string Uber = "abc:def:0:1";
    private const Propagators All = Propagators.TraceContext | Propagators.Baggage | Propagators.B3 | Propagators.B3Multi | Propagators.Jaeger;

    private static ExtractResult Extract(Propagators enabled, out RemoteContext context, string traceparent = "", string b3 = "",
        string b3TraceId = "", string b3SpanId = "", string uber = "")
    {
        var headers = new IncomingHeaders
        {
            TraceParent = Encoding.ASCII.GetBytes(traceparent),
            B3 = Encoding.ASCII.GetBytes(b3),
            B3TraceId = Encoding.ASCII.GetBytes(b3TraceId),
            B3SpanId = Encoding.ASCII.GetBytes(b3SpanId),
            UberTraceId = Encoding.ASCII.GetBytes(uber),
        };
        return ContextExtractor.Extract(headers, enabled, out context);
    }

    [Fact]
    public void NothingPresentIsAbsentWhateverIsEnabled()
    {
        Assert.Equal(ExtractResult.Absent, Extract(All, out _));
        Assert.Equal(ExtractResult.Absent, Extract(All, out _, b3: "0")); // a decision without ids
    }

    [Fact]
    public void HeadersOfDisabledFormatsAreNotLookedAt()
    {
        Assert.Equal(ExtractResult.Absent, Extract(Propagators.Baggage, out _, traceparent: "garbage", b3: "garbage", uber: "garbage"));
        Assert.Equal(ExtractResult.Absent, Extract(Propagators.TraceContext, out _, b3: B3, uber: Uber));
    }

    [Fact]
    public void W3cWinsOverTheOthersAndAnInvalidOneFallsBackToTheNext()
    {
        Assert.Equal(ExtractResult.Valid, Extract(All, out var w3c, traceparent: W3c, b3: B3, uber: Uber));
        Assert.Equal(0x00f067aa0ba902b7UL, w3c.SpanId);

        Assert.Equal(ExtractResult.Valid, Extract(All, out var b3, traceparent: "garbage", b3: B3, uber: Uber));
        Assert.Equal(0xe457b5a2e4d86bd1UL, b3.SpanId);

        Assert.Equal(ExtractResult.Valid, Extract(All, out var uber, traceparent: "garbage", b3TraceId: "463ac35c9f6413ad", uber: Uber));
        Assert.Equal(0xdefUL, uber.SpanId);
    }

    [Fact]
    public void OnlyInvalidHeadersAreInvalid()
    {
        Assert.Equal(ExtractResult.Invalid, Extract(All, out var context, traceparent: "garbage", b3: "x-y", b3SpanId: "1", uber: "0:0:0:0"));
        Assert.Equal(default, context);
    }
}
