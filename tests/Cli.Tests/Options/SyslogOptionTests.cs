using SpoaOpenTracing.Cli.Hosting;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Syslog;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Options;

public sealed class SyslogOptionTests
{
    [Fact]
    public void SyslogIsOffByDefaultAndRepeatableInTheOrderGiven()
    {
        Assert.Empty(AgentOptionsParser.Parse(["-r0"]).SyslogInputs);

        var o = AgentOptionsParser.Parse(["-r0", "--syslog", "udp://127.0.0.1:5140", "--syslog=tcp://[::1]:5141", "--syslog", "unix:///tmp/spoa-logs.sock"]);

        Assert.Equal([SyslogTransport.Udp, SyslogTransport.Tcp, SyslogTransport.Unix], o.SyslogInputs.Select(s => s.Transport));
        Assert.Contains("syslog", o.Given);
    }

    [Fact]
    public void AnAddressThatIsNotLoopbackNeedsSyslogRemoteWhereverItStands()
    {
        var error = Assert.Throws<UsageException>(() => AgentOptionsParser.Parse(["-r0", "--syslog", "udp://192.0.2.1:5140"])).Message;
        Assert.StartsWith("invalid syslog address 'udp://192.0.2.1:5140': ", error, StringComparison.Ordinal);

        var o = AgentOptionsParser.Parse(["-r0", "--syslog", "udp://192.0.2.1:5140", "--syslog-remote"]);
        Assert.Single(o.SyslogInputs);
        Assert.True(o.SyslogRemote);
    }

    [Theory]
    [InlineData("5140")]
    [InlineData("http://127.0.0.1:5140")]
    [InlineData("udp://127.0.0.1")]
    [InlineData("")]
    public void AMalformedAddressIsAUsageError(string address)
    {
        var error = Assert.Throws<UsageException>(() => AgentOptionsParser.Parse(["-r0", "--syslog", address])).Message;
        Assert.StartsWith($"invalid syslog address '{address}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PortZeroTurnsTheSpoeListenerOffOnlyBesideALogInput()
    {
        Assert.Equal("invalid port '0'", Assert.Throws<UsageException>(() => AgentOptionsParser.Parse(["-r0", "-p0"])).Message);

        var o = AgentOptionsParser.Parse(["-r0", "-p0", "--syslog", "udp://127.0.0.1:5140"]);

        Assert.Empty(ServerOptionsBuilder.Build(o).EndPoints);
    }

    [Fact]
    public void CheckShowsTheLogInputsAndAMissingSpoeListener()
    {
        var o = AgentOptionsParser.Parse(["--check", "-p0", "--syslog", "udp://127.0.0.1:5140", "--syslog", "tcp://127.0.0.1:5141"]);
        var tracing = SpoaOpenTracing.Cli.Config.TracingConfiguration.Build(o, new Dictionary<string, string?>(), []);

        var report = ConfigurationReport.Format(o, ServerOptionsBuilder.Build(o), tracing, []);

        Assert.Contains("listen                    = none (-p 0)", report, StringComparison.Ordinal);
        Assert.Matches(@"syslog +\= udp://127\.0\.0\.1:5140, tcp://127\.0\.0\.1:5141 +\(command line\)", report);
    }
}
