using System.Text;
using SpoaOpenTracing.Cli.LogInput;
using SpoaOpenTracing.Cli.Logging;
using SpoaOpenTracing.Syslog;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Requests;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.LogInput;

public sealed class TraceLineHandlerTests
{
    private const string Line =
        "otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c server_span_id=00f067aa0ba902b7 client_span_id=a3ce929d0e0e4736 "
        + "start_us=1700000000000000 end_us=1700000000005000 method=GET server=s1 end;";

    [Fact]
    public void WholeLinesBecomeSpansAndEverythingElseIsCountedByReasonAndLoggedOnceASecond()
    {
        using var engine = new TracingEngine(new TracingOptions { Exporter = ExporterKind.None });
        var output = new StringWriter();
        using var sink = new LogSink(output, ownsWriter: false);
        var handler = new TraceLineHandler(engine, new TraceLineParser(), "udp://127.0.0.1:5140", new LineLogger("t", sink));

        Handle(handler, Line);
        Handle(handler, Line.Replace(" server=s1", " server=<NOSRV>", StringComparison.Ordinal));
        Handle(handler, "Proxy fe started.");
        Handle(handler, "otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c");
        Handle(handler, "otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c");
        Handle(handler, Line.Replace("end_us=1700000000005000", "end_us=1600000000000000", StringComparison.Ordinal));

        var counters = handler.Counters;
        Assert.Equal(6, counters.Messages);
        Assert.Equal(3, counters.Lines(TraceLineError.None));
        Assert.Equal(1, counters.Lines(TraceLineError.NotATraceLine));
        Assert.Equal(2, counters.Lines(TraceLineError.Truncated));
        Assert.Equal(3, counters.BadLines);
        Assert.Equal(2, counters.Requests(RequestOutcome.Recorded));
        Assert.Equal(1, counters.Requests(RequestOutcome.InvalidTimes));
        // SERVER + CLIENT for the first, SERVER only when no server was reached.
        Assert.Equal(3, counters.Spans);
        sink.Flush();
        var logged = output.ToString();
        Assert.Contains("line skipped (NotATraceLine)", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("line skipped (Truncated)", logged, StringComparison.Ordinal);
        Assert.Contains("trace line not recorded (InvalidTimes)", logged, StringComparison.Ordinal);
    }

    private static void Handle(TraceLineHandler handler, string body)
    {
        var message = new SyslogMessage(SyslogFormat.Rfc5424, 134, default, default, "haproxy"u8, default, default, default, Encoding.ASCII.GetBytes(body));
        handler.HandleMessage(message);
    }
}
