using Xunit;

namespace SpoaOpenTracing.Cli.Tests;

public sealed class ProgramTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => RunWith(new Dictionary<string, string?>(), args);

    private static (int Code, string Out, string Err) RunWith(Dictionary<string, string?> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr, environment);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    [InlineData("-V", "-h")]
    [InlineData("-hV")]
    public void HelpWins(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: spoa-opentracing { -h --help }", output);
        Assert.Contains("(default: \"127.0.0.1\")", output);
        Assert.Contains("in any other unit if the number is suffixed by a unit (us, ms, s, m, h, d).", output);
        Assert.Empty(error);
    }

    [Fact]
    public void VersionInTheSeedsShape()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\nspoa-opentracing v\d+\.\d+\.\d+ \[\.NET [^\]]+\] by .+\n\n$", output);
    }

    [Theory]
    [InlineData("runtime value not set")]
    [InlineData("invalid port '0'", "-r0", "-p0")]
    [InlineData("unrecognized option '--bogus'", "--bogus")]
    public void UsageErrorsExit64(string message, params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(64, code);
        Assert.Equal($"ERROR: {message}{Environment.NewLine}", error);
        Assert.Equal($"For help type: spoa-opentracing -h{Environment.NewLine}", output);
    }

    [Fact]
    public void CheckPrintsEveryValueWithItsSource()
    {
        var (code, output, _) = Run("--check", "-p", "2000", "-Tzipkin", "--max-traces=7");
        Assert.Equal(0, code);
        Assert.Matches(@"listen\s+= 127\.0\.0\.1:2000\s+\(command line\)", output);
        Assert.Matches(@"backlog\s+= 10\s+\(default\)", output);
        Assert.Matches(@"Exporter\s+= Zipkin\s+\(command line\)", output);
        Assert.Matches(@"MaxOpenTraces\s+= 7\s+\(command line\)", output);
        Assert.Matches(@"ServiceName\s+= spoa-opentracing\s+\(default\)", output);
    }

    [Fact]
    public void CheckPrintsEverySettingOfTheTableOnceWithTheVariableThatSetIt()
    {
        var (code, output, _) = RunWith(new()
        {
            ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "none",
            ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] = "gzip",
            ["OTEL_ATTRIBUTE_COUNT_LIMIT"] = "40",
            ["OTEL_SPAN_LINK_COUNT_LIMIT"] = "5",
        }, "--check");
        Assert.Equal(0, code);
        Assert.Matches(@"Compression\s+= Gzip\s+\(env OTEL_EXPORTER_OTLP_TRACES_COMPRESSION\)", output);
        Assert.Matches(@"MaxAttributesPerLink\s+= 40\s+\(env OTEL_ATTRIBUTE_COUNT_LIMIT\)", output);
        Assert.Matches(@"MaxLinksPerSpan\s+= 5\s+\(env OTEL_SPAN_LINK_COUNT_LIMIT\)", output);
        Assert.Matches(@"Sampler\s+= parentbased_always_on\s+\(default\)", output);
        Assert.All(Cli.Config.TracingSettings.All, s => Assert.Single(output.Split('\n'), l => l.StartsWith(s.Name + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public void CheckFailsWith64OnABadEnvironmentValueNamingTheVariable()
    {
        var (code, _, error) = RunWith(new() { ["OTEL_BSP_SCHEDULE_DELAY"] = "soon" }, "--check");
        Assert.Equal(64, code);
        Assert.StartsWith("ERROR: OTEL_BSP_SCHEDULE_DELAY='soon'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFailsWith64OnABadTracer()
    {
        var (code, _, error) = Run("--check", "-T", "libunknown.so");
        Assert.Equal(64, code);
        Assert.StartsWith("ERROR: unknown tracer 'libunknown.so'", error);
    }

    [Fact]
    public void UnixSocketAloneReplacesTcp()
    {
        var (_, output, _) = Run("--check", "--unix-socket=/tmp/spoa-test.sock");
        Assert.Matches(@"listen\s+= unix:/tmp/spoa-test\.sock\s", output);
        var (_, both, _) = Run("--check", "--unix-socket=/tmp/spoa-test.sock", "-p", "1234");
        Assert.Contains("127.0.0.1:1234, unix:/tmp/spoa-test.sock", both);
    }
}
