using SpoaOpenTracing.Cli.Options;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Options;

public sealed class AgentOptionsParserTests
{
    private static AgentOptions Parse(params string[] args) => AgentOptionsParser.Parse(args);

    private static string Error(params string[] args) => Assert.Throws<UsageException>(() => Parse(args)).Message;

    [Fact]
    public void DefaultsMatchTheSeedExceptTheAddress()
    {
        var o = Parse("-r0");
        Assert.Equal("127.0.0.1", o.Address);
        Assert.Equal(12345, o.Port);
        Assert.Equal(10, o.Backlog);
        Assert.Equal(16384, o.MaxFrameSize);
        Assert.Equal(10, o.NumWorkers);
        Assert.Equal(5 * TimeValue.Second, o.MonitorInterval);
        Assert.Equal(0UL, o.ProcessingDelay);
        Assert.Equal(0UL, o.Runtime);
        Assert.False(o.Daemonize);
        Assert.False(o.Fragmentation);
        Assert.False(o.Async);
        Assert.Null(o.DebugLevel);
        Assert.Null(o.PidFile);
        Assert.Null(o.LogFile);
        Assert.Null(o.TimeoutMessage);
        Assert.Null(o.TracerConfig);
        Assert.Null(o.TracerPlugin);
        Assert.Null(o.RateLimit);
        Assert.Equal(5 * TimeValue.Second, o.HandshakeTimeout);
        Assert.Equal(0, o.MaxConnections);
        Assert.Equal(["runtime"], o.Given);
    }

    [Fact]
    public void EveryShortOptionTakesItsValue()
    {
        var o = Parse("-a::1", "-Bepoll", "-b", "128", "-cASYNC", "-c", "fragmentation", "-D", "-d-1", "-F/tmp/p",
            "-i1s", "-lA:/tmp/l", "-m256", "-n1000", "-p1", "-r7d", "-t1s", "-oBE timeout", "-Ccfg.yml", "-Totlp", "-R2.5");
        Assert.Equal("::1", o.Address);
        Assert.Equal(128, o.Backlog);
        Assert.True(o.Async);
        Assert.True(o.Fragmentation);
        Assert.True(o.Daemonize);
        Assert.Equal(-1, o.DebugLevel);
        Assert.Equal("/tmp/p", o.PidFile);
        Assert.Equal(TimeValue.Second, o.MonitorInterval);
        Assert.Equal("/tmp/l", o.LogFile);
        Assert.Equal(LogFileMode.Append, o.LogFileMode);
        Assert.True(o.LogFileLineBuffered);
        Assert.Equal(256, o.MaxFrameSize);
        Assert.Equal(1000, o.NumWorkers);
        Assert.Equal(1, o.Port);
        Assert.Equal(7 * TimeValue.Day, o.Runtime);
        Assert.Equal(TimeValue.Second, o.ProcessingDelay);
        Assert.Equal("BE timeout", o.TimeoutMessage);
        Assert.Equal("cfg.yml", o.TracerConfig);
        Assert.Equal("otlp", o.TracerPlugin);
        Assert.Equal(2.5, o.RateLimit);
        Assert.Single(o.Notices);
    }

    [Fact]
    public void EveryLongOptionTakesItsValue()
    {
        var o = Parse("--runtime=5s", "--address", "0.0.0.0", "--port=80", "--unix-socket=/tmp/s", "--unix-socket-mode=0600",
            "--ipv6-address=::", "--idle-timeout=1m", "--max-traces=5", "--max-spans-per-trace=9", "--max-connections=3",
            "--handshake-timeout=100ms", "--ot-rate-limit=0", "--debug=24", "--max-frame-size=16777215");
        Assert.Equal(5 * TimeValue.Second, o.Runtime);
        Assert.Equal("0.0.0.0", o.Address);
        Assert.Equal(80, o.Port);
        Assert.Equal("/tmp/s", o.UnixSocketPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, o.UnixSocketMode);
        Assert.Equal(["::"], o.ExtraAddresses);
        Assert.Equal(TimeValue.Minute, o.IdleTimeout);
        Assert.Equal(5, o.MaxTraces);
        Assert.Equal(9, o.MaxSpansPerTrace);
        Assert.Equal(3, o.MaxConnections);
        Assert.Equal(100 * TimeValue.Millisecond, o.HandshakeTimeout);
        Assert.Equal(0.0, o.RateLimit);
        Assert.Equal(24, o.DebugLevel);
        Assert.Equal(16777215, o.MaxFrameSize);
    }

    [Theory]
    [InlineData("w:/x", "Truncate", false)]
    [InlineData("W:/x", "Truncate", true)]
    [InlineData("a:/x", "Append", false)]
    [InlineData("/x", "CreateNew", false)]
    public void LogFileModes(string value, string mode, bool lineBuffered)
    {
        var o = Parse("-r0", "-l", value);
        Assert.Equal("/x", o.LogFile);
        Assert.Equal(mode, o.LogFileMode.ToString());
        Assert.Equal(lineBuffered, o.LogFileLineBuffered);
    }

    [Fact]
    public void PipeliningIsAcceptedAndAlreadyOn()
    {
        var o = Parse("-r0", "-c", "Pipelining");
        Assert.False(o.Async);
        Assert.False(o.Fragmentation);
    }

    [Theory]
    [InlineData("runtime value not set")]
    [InlineData("runtime value not set", "-p", "80")]
    [InlineData("invalid libev backend 'foo'", "-r0", "-B", "foo")]
    [InlineData("unsupported capability 'turbo'", "-r0", "-c", "turbo")]
    [InlineData("invalid debug level (allowed range [-1, 1023]): '1024'", "-r0", "-d1024")]
    [InlineData("invalid debug level (allowed range [-1, 1023]): '-2'", "-r0", "-d-2")]
    [InlineData("invalid debug level (allowed range [-1, 1023]): 'x'", "-r0", "-dx")]
    [InlineData("wrong amount of time (allowed range [1000.00ms, 3600.00s]): '0'", "-r0", "-i0")]
    [InlineData("wrong amount of time (allowed range [1000.00ms, 3600.00s]): '3601s'", "-r0", "-i3601s")]
    [InlineData("invalid logfile mode 'x'", "-r0", "-lx:file")]
    [InlineData("invalid maximum frame size (allowed range [256, 16777215]): '255'", "-r0", "-m255")]
    [InlineData("invalid maximum frame size (allowed range [256, 16777215]): '16777216'", "-r0", "-m16777216")]
    [InlineData("invalid number of workers '0'", "-r0", "-n0")]
    [InlineData("invalid number of workers '1001'", "-r0", "-n1001")]
    [InlineData("invalid port '0'", "-r0", "-p0")]
    [InlineData("invalid port '65536'", "-r0", "-p65536")]
    [InlineData("invalid port 'http'", "-r0", "-phttp")]
    [InlineData("wrong amount of time (allowed range [0, 604800.00s]): '8d'", "-r8d")]
    [InlineData("invalid time format: '1.5s'", "-r1.5s")]
    [InlineData("wrong amount of time (allowed range [0, 1000.00ms]): '2s'", "-r0", "-t2s")]
    [InlineData("invalid rate limit (traces per second, 0 = off): '-1'", "-r0", "-R-1")]
    [InlineData("invalid rate limit (traces per second, 0 = off): 'fast'", "-r0", "-Rfast")]
    [InlineData("invalid unix socket mode (octal, 0 to 0777): '0999'", "-r0", "--unix-socket-mode=0999")]
    [InlineData("invalid connection backlog '-1'", "-r0", "-b-1")]
    [InlineData("invalid maximum number of traces '0'", "-r0", "--max-traces=0")]
    [InlineData("unexpected argument 'extra'", "-r0", "extra")]
    [InlineData("invalid option -- 'u'", "-r0", "-u", "http://x")]
    public void RejectsWithTheSeedsMessages(string message, params string[] args) =>
        Assert.Equal(message, Error(args));

    [Fact]
    public void HelpAndVersionNeedNoRuntime()
    {
        Assert.True(Parse("-h").Help);
        Assert.True(Parse("-V").Version);
        Assert.True(Parse("--check").Check);
    }
}
