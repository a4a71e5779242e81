using System.Text;
using SpoaOpenTracing.Syslog.Tests.Support;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.Syslog.Tests;

public sealed class SyslogHeaderTests
{
    private const string FirstRequest = "127.0.0.1:44622 [03/Dec/2026:12:46:03.125] web web/<NOSRV> 0/-1/-1/-1/0 200 74 - - LR-- 1/1/0/0/0 0/0 \"GET /path/with%20space?q=#22quoted#22&x=1 HTTP/1.1\"";

    public static TheoryData<string, SyslogFormat, int, string, string, string, string> Golden => new()
    {
        // capture, format, priority, timestamp, hostname, app, procid
        { "udp-rfc3164", SyslogFormat.Rfc3164, 134, "Dec  3 12:46:03", "localhost", "haproxy", "7005" },
        { "udp-local", SyslogFormat.Rfc3164, 134, "Dec  3 12:46:03", "", "haproxy", "7005" },
        { "udp-rfc5424", SyslogFormat.Rfc5424, 134, "2026-12-03T12:46:03.126102+00:00", "", "haproxy", "7005" },
        { "udp-short", SyslogFormat.Short, 6, "", "", "", "" },
        { "udp-priority", SyslogFormat.Short, 134, "", "", "", "" },
        { "udp-raw", SyslogFormat.Raw, -1, "", "", "", "" },
        { "udp-timed", SyslogFormat.Timed, 6, "2026-12-03T12:46:03.126126+00:00", "", "", "" },
        { "udp-iso", SyslogFormat.Iso, -1, "2026-12-03T12:46:03.126130+00:00", "", "", "" },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void CapturedFrame_SplitsIntoItsFields(string capture, SyslogFormat format, int priority, string timestamp, string hostname,
        string appName, string procId)
    {
        var m = ReceivedMessage.Parse(Captures.Read(capture));

        Assert.Equal(format, m.Format);
        Assert.Equal(priority, m.Priority);
        Assert.Equal(timestamp, m.Timestamp);
        Assert.Equal(hostname, m.Hostname);
        Assert.Equal(appName, m.AppName);
        Assert.Equal(procId, m.ProcId);
        Assert.Equal(FirstRequest, m.Body);
    }

    [Fact]
    public void UnixDatagram_IsTheLocalForm()
    {
        var m = ReceivedMessage.Parse(Captures.Read("unix-default"));

        Assert.Equal((SyslogFormat.Rfc3164, 134, "", "haproxy", "6705"), (m.Format, m.Priority, m.Hostname, m.AppName, m.ProcId));
        Assert.StartsWith("127.0.0.1:56690 [03/Dec/2026:12:45:44.195] web", m.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Rfc5424StructuredData_KeepsEscapedBracketsInside()
    {
        var m = ReceivedMessage.Parse(Captures.Read("udp-rfc5424-sd"));

        Assert.Equal("""[trace@32473 path="/a\]b" q="x\"y"][meta@32473 n="1"]""", m.StructuredData);
        Assert.StartsWith("127.0.0.1:55094 ", m.Body, StringComparison.Ordinal);
        Assert.EndsWith("\"GET /a]b HTTP/1.1\"", m.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM'su root' failed", "mymachine.example.com", "su", "", "ID47", "", "BOM'su root' failed")]
    [InlineData("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.", "192.0.2.1", "myproc", "8710", "", "", "%% It's time to make the do-nuts.")]
    [InlineData("<165>1 - - - - - -", "", "", "", "", "", "")]
    [InlineData("<165>1 - h a p m [x@1 k=\"v\"]", "h", "a", "p", "m", "[x@1 k=\"v\"]", "")]
    [InlineData("<165>1 - h a p m [x@1 k=\"]\\\" [\"][y] msg", "h", "a", "p", "m", "[x@1 k=\"]\\\" [\"][y]", "msg")]
    public void Rfc5424_ExamplesOfTheRfc(string frame, string hostname, string app, string procId, string msgId, string sd, string body)
    {
        var m = ReceivedMessage.Parse(Encoding.UTF8.GetBytes(frame));

        Assert.Equal(SyslogFormat.Rfc5424, m.Format);
        Assert.Equal((hostname, app, procId, msgId, sd, body), (m.Hostname, m.AppName, m.ProcId, m.MessageId, m.StructuredData, m.Body));
    }

    [Theory]
    [InlineData("<34>Oct 11 22:14:15 mymachine su: 'su root' failed", "mymachine", "su", "", "'su root' failed")]
    [InlineData("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!", "10.0.0.99", "", "", "Use the BFG!")]
    [InlineData("<13>Feb  5 17:32:18 app[12] no colon", "", "app", "12", "no colon")]
    [InlineData("<13>Feb  5 17:32:18 host app[12]:", "host", "app", "12", "")]
    [InlineData("<13>Feb  5 17:32:18 host", "host", "", "", "")]
    public void Rfc3164_TagAndHostAreToldApart(string frame, string hostname, string tag, string procId, string body)
    {
        var m = ReceivedMessage.Parse(Encoding.UTF8.GetBytes(frame));

        Assert.Equal(SyslogFormat.Rfc3164, m.Format);
        Assert.Equal((hostname, tag, procId, body), (m.Hostname, m.AppName, m.ProcId, m.Body));
    }

    [Theory]
    [InlineData("<0>x", SyslogFormat.Short, 0, "x")]
    [InlineData("<191>", SyslogFormat.Short, 191, "")]
    [InlineData("<6>1 is no version without a timestamp", SyslogFormat.Short, 6, "1 is no version without a timestamp")]
    [InlineData("<6>Dec  3 12:46:0 is no timestamp", SyslogFormat.Short, 6, "Dec  3 12:46:0 is no timestamp")]
    [InlineData("trace v1 line\r\n", SyslogFormat.Raw, -1, "trace v1 line")]
    [InlineData("2026-12-03T12:46:03Z", SyslogFormat.Raw, -1, "2026-12-03T12:46:03Z")]
    public void OtherForms_KeepTheirBody(string frame, SyslogFormat format, int priority, string body)
    {
        var m = ReceivedMessage.Parse(Encoding.UTF8.GetBytes(frame));

        Assert.Equal((format, priority, body), (m.Format, m.Priority, m.Body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("<")]
    [InlineData("<>msg")]
    [InlineData("<192>msg")]
    [InlineData("<1234>msg")]
    [InlineData("<12")]
    [InlineData("<a>msg")]
    [InlineData("<165>1 - host app")]
    [InlineData("<165>1 - host app proc msgid")]
    [InlineData("<165>1 - h a p m [unclosed")]
    [InlineData("<165>1 - h a p m [x][y]z")]
    [InlineData("<165>1 - h a p m x")]
    [InlineData("<165>1 -  a p m -")]
    public void BrokenHeader_IsRefused(string frame)
    {
        Assert.False(SyslogHeader.TryParse(Encoding.UTF8.GetBytes(frame), out _, out var error));
        Assert.Equal(SyslogFrameError.BadHeader, error);
    }

    [Fact]
    public void Parse_AllocatesNothing()
    {
        var frames = Captures.All.Where(c => c.StartsWith("udp-", StringComparison.Ordinal)).Select(Captures.Read).ToArray();
        var lengths = 0;
        foreach (var frame in frames)
        {
            SyslogHeader.TryParse(frame, out var warm, out _);
            lengths += warm.Body.Length;
        }

        var allocated = Allocations.SteadyState(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                foreach (var frame in frames)
                {
                    SyslogHeader.TryParse(frame, out var message, out _);
                    lengths += message.Body.Length;
                }
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(lengths > 0);
    }
}
