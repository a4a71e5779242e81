using SpoaOpenTracing.Cli.Config;
using SpoaOpenTracing.Tracing.Sampling;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Config;

public sealed class TracerConfigReaderTests
{
    private const string SeedJaeger = """
        service_name:
          spoa-ot
        sampler:
          # const, probabilistic, ratelimiting, remote
          type: ratelimiting
          param: 10.0
        reporter:
          logSpans: true
          localAgentHostPort: localhost:6831
        """;

    [Fact]
    public void ReadsTheSeedsJaegerYaml()
    {
        var config = TracerConfigReader.Parse("cfg-jaeger.yml", SeedJaeger);
        Assert.Equal(TracerConfigKind.Jaeger, config.Kind);
        Assert.Equal("spoa-ot", config.ServiceName);
        Assert.Equal(SamplerKind.AlwaysOn, config.Sampler);
        Assert.Equal(10.0, config.RateLimitPerSecond);
        Assert.Equal("localhost", config.CollectorHost);
        Assert.Equal(["cfg-jaeger.yml: 'reporter.logSpans' has no equivalent here, ignored"], config.Warnings);
    }

    [Theory]
    [InlineData("const", "1", SamplerKind.AlwaysOn, null)]
    [InlineData("const", "0", SamplerKind.AlwaysOff, null)]
    [InlineData("probabilistic", "0.25", SamplerKind.TraceIdRatio, 0.25)]
    [InlineData("probabilistic", "7", SamplerKind.TraceIdRatio, 1.0)]
    public void MapsJaegerSamplers(string type, string param, SamplerKind sampler, double? argument)
    {
        var config = TracerConfigReader.Parse("x.yaml", $"sampler:\n  type: {type}\n  param: {param}\n");
        Assert.Equal(sampler, config.Sampler);
        Assert.Equal(argument, config.SamplerArgument);
        Assert.Null(config.RateLimitPerSecond);
    }

    [Fact]
    public void JaegerEndpointAndUnknownKeys()
    {
        var config = TracerConfigReader.Parse("x.yml",
            "reporter:\n  endpoint: http://jaeger.local:14268/api/traces\nsampler:\n  type: remote\nfoo: 1\n");
        Assert.Equal("jaeger.local", config.CollectorHost);
        Assert.Contains("x.yml: unknown key 'foo', ignored", config.Warnings);
        Assert.Contains("x.yml: sampler type 'remote' is not supported here, default sampler kept", config.Warnings);
    }

    [Fact]
    public void ReadsZipkinJsonWithCommentsAndDefaultPort()
    {
        var config = TracerConfigReader.Parse("cfg-zipkin.json",
            "// zipkin\n{\n  \"service_name\": \"spoa-ot\",\n  \"collector_host\": \"localhost\",\n  \"extra\": true,\n}\n");
        Assert.Equal(TracerConfigKind.Zipkin, config.Kind);
        Assert.Equal("spoa-ot", config.ServiceName);
        Assert.Equal("localhost", config.CollectorHost);
        Assert.Null(config.ZipkinPort);
        Assert.Equal(["cfg-zipkin.json: unknown key 'extra', ignored"], config.Warnings);
    }

    [Fact]
    public void ReadsTheSeedsDatadogJsonWithHashComments()
    {
        const string text = """
            {
              "service": "spoa-ot",
            # "type": "web",
            # "environment": "test",
              "agent_host": "localhost",
              "agent_port": 8126,
              "environment": "staging",
              "dd.priority.sampling": true
            }
            """;
        var config = TracerConfigReader.Parse("cfg-dd.json", text);
        Assert.Equal(TracerConfigKind.Datadog, config.Kind);
        Assert.Equal("spoa-ot", config.ServiceName);
        Assert.Equal("localhost", config.CollectorHost);
        Assert.Equal("staging", config.ResourceAttributes["deployment.environment.name"]);
        Assert.Equal(["cfg-dd.json: 'dd.priority.sampling' has no equivalent here, ignored"], config.Warnings);
    }

    [Fact]
    public void FormatFromContentWithoutExtension()
    {
        Assert.Equal(TracerConfigKind.Zipkin, TracerConfigReader.Parse("tracer.conf", "# c\n{\"collector_host\":\"h\"}").Kind);
        Assert.Equal(TracerConfigKind.Jaeger, TracerConfigReader.Parse("tracer.conf", "service_name: a\n").Kind);
    }

    [Theory]
    [InlineData("x.json", "{ not json")]
    [InlineData("x.json", "[1, 2]")]
    [InlineData("x.yml", "a: [unclosed")]
    [InlineData("x.json", "{\"collector_port\": 70000}")]
    public void BrokenFilesAreConfigErrors(string path, string text) =>
        Assert.Throws<ConfigException>(() => TracerConfigReader.Parse(path, text));

    [Fact]
    public void MissingFileIsAConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => TracerConfigReader.Read("/nonexistent/cfg.yml"));
        Assert.StartsWith("unable to read tracer configuration '/nonexistent/cfg.yml'", e.Message);
    }

    [Theory]
    [InlineData("cfg-jaeger.yml", "Jaeger")]
    [InlineData("cfg-zipkin.json", "Zipkin")]
    [InlineData("cfg-dd.json", "Datadog")]
    public void ShippedExamplesParseWithoutErrors(string name, string kind)
    {
        var config = TracerConfigReader.Read(Path.Combine(RepositoryRoot(), "examples", name));
        Assert.Equal(kind, config.Kind.ToString());
        Assert.Equal("spoa-ot", config.ServiceName);
        Assert.Equal("127.0.0.1", config.CollectorHost);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SpoaOpenTracing.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
