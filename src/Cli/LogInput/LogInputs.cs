using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Syslog;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Requests;

namespace SpoaOpenTracing.Cli.LogInput;

/// <summary>
/// The <c>--syslog</c> inputs: one <see cref="SyslogListener"/> per address, each with its own
/// <see cref="TraceLineHandler"/>, all feeding one engine through one parser; their counters as instruments of the
/// <see cref="MeterName"/> meter (label <c>input</c> = the address as <c>--check</c> shows it) and as monitor samples.
/// </summary>
internal sealed class LogInputs : IAsyncDisposable
{
    /// <summary>The <see cref="Meter"/> of the log inputs' instruments.</summary>
    public const string MeterName = "SpoaOpenTracing.LogInput";

    private readonly List<(SyslogListener Listener, TraceLineHandler Handler)> _inputs = [];
    private readonly Meter _meter = new(MeterName);

    private LogInputs()
    {
        _meter.CreateObservableCounter("loginput.lines", () => Each(static (_, h) => LineKinds(h.Counters)), "{line}",
            "Messages read, by what they were: whole trace lines, or the reason they were skipped");
        _meter.CreateObservableCounter("loginput.requests", () => Each(static (_, h) => OutcomeKinds(h.Counters)), "{request}",
            "Requests of whole trace lines: recorded, or refused by the engine (no valid context, bad times)");
        _meter.CreateObservableCounter("loginput.spans", () => Each(static (_, h) => [("made", h.Counters.Spans)]), "{span}",
            "Spans made from trace lines");
        _meter.CreateObservableCounter("loginput.frames", () => Each(static (l, _) => FrameKinds(l.Metrics)), "{frame}",
            "Syslog frames received, and those refused before their body was read, by reason");
        _meter.CreateObservableCounter("loginput.bytes", () => Each(static (l, _) => [("received", l.Metrics.Bytes)]), "By",
            "Bytes received");
        _meter.CreateObservableCounter("loginput.receive_buffer_drops", () => Each(static (l, _) => [("kernel", l.Metrics.ReceiveBufferDrops)]),
            "{datagram}", "Datagrams the kernel dropped because the socket's receive buffer was full (UDP): loss HAProxy never hears of");
        _meter.CreateObservableCounter("loginput.connections", () => Each(static (l, _) => [("accepted", l.Metrics.Connections),
            ("closed_bad_framing", l.Metrics.ConnectionsClosedForBadFraming), ("refused", l.Metrics.ConnectionsRefused)]), "{connection}",
            "TCP connections accepted, closed for garbage that broke the framing, and refused at the connection limit");
    }

    public int Count => _inputs.Count;

    public IEnumerable<SyslogListener> Listeners => _inputs.Select(i => i.Listener);

    /// <summary>Binds every input; on a failure the ones already bound are closed and the exception goes on.</summary>
    public static LogInputs Start(IReadOnlyList<SyslogEndpoint> endpoints, TracingEngine engine, ILoggerFactory loggerFactory, ILogger logger)
    {
        var inputs = new LogInputs();
        var parser = new TraceLineParser();
        try
        {
            foreach (var endpoint in endpoints)
            {
                var handler = new TraceLineHandler(engine, parser, endpoint.Text, logger);
                var listener = new SyslogListener(endpoint, handler, new SyslogListenerOptions(), loggerFactory);
                inputs._inputs.Add((listener, handler));
                listener.Start();
                LogInputLog.Listening(logger, endpoint.Text, listener.LocalEndPoint.ToString() ?? endpoint.Text);
            }
        }
        catch
        {
            inputs.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return inputs;
    }

    public LogInputSample[] Sample() => _inputs.Select(static i => new LogInputSample(i.Listener.Endpoint.Text,
        i.Handler.Counters.Messages, i.Handler.Counters.Spans, i.Handler.Counters.BadLines,
        Enum.GetValues<SyslogFrameError>().Sum(e => i.Listener.Metrics.BadFrames(e)), i.Listener.Metrics.ReceiveBufferDrops)).ToArray();

    public async ValueTask DisposeAsync()
    {
        foreach (var (listener, _) in _inputs)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _meter.Dispose();
    }

    private IEnumerable<Measurement<long>> Each(Func<SyslogListener, TraceLineHandler, IEnumerable<(string Kind, long Value)>> values) =>
        _inputs.SelectMany(i => values(i.Listener, i.Handler).Select(v => new Measurement<long>(v.Value,
            new KeyValuePair<string, object?>("input", i.Listener.Endpoint.Text), new KeyValuePair<string, object?>("kind", v.Kind))));

    private static IEnumerable<(string Kind, long Value)> LineKinds(LogInputCounters counters) =>
        Enum.GetValues<TraceLineError>().Select(r => (r == TraceLineError.None ? "trace_line" : SnakeCase(r.ToString()), counters.Lines(r)));

    private static IEnumerable<(string Kind, long Value)> OutcomeKinds(LogInputCounters counters) =>
        Enum.GetValues<RequestOutcome>().Select(o => (SnakeCase(o.ToString()), counters.Requests(o)));

    private static IEnumerable<(string Kind, long Value)> FrameKinds(SyslogInputMetrics metrics) =>
        Enum.GetValues<SyslogFrameError>().Select(e => (SnakeCase(e.ToString()), metrics.BadFrames(e))).Prepend(("received", metrics.Messages));

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}
