using SpoaOpenTracing.Cli.Config;
using SpoaOpenTracing.Cli.Options;
using SpoaOpenTracing.Tracing;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Config;

public sealed class TracingConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spoa-cli-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ConfiguredTracing Build(Dictionary<string, string?> env, List<string>? notices = null, params string[] args) =>
        TracingConfiguration.Build(AgentOptionsParser.Parse(["-r0", .. args]), env, notices ?? []);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void DefaultsAreOtlpAndRecordedAsDefault()
    {
        var options = Build([]);
        Assert.Equal(ExporterKind.Otlp, options.Options.Exporter);
        Assert.All(TracingSettings.All, s => Assert.Equal("default", options.Sources[s.Name]));
    }

    [Fact]
    public void EnvironmentOverDefaults()
    {
        var options = Build(new()
        {
            ["OTEL_SERVICE_NAME"] = "edge",
            ["OTEL_TRACES_EXPORTER"] = "console",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "a=1, b=x%20y",
            ["OTEL_BSP_MAX_QUEUE_SIZE"] = "100",
        });
        Assert.Equal("edge", options.Options.ServiceName);
        Assert.Equal(ExporterKind.Console, options.Options.Exporter);
        Assert.Equal(OtlpProtocol.HttpProtobuf, options.Options.OtlpProtocol);
        Assert.Equal(new Uri("http://127.0.0.1:4318"), options.Options.Endpoint);
        Assert.Equal("x y", options.Options.ResourceAttributes["b"]);
        Assert.Equal(100, options.Options.MaxExportQueueSize);
        Assert.Equal("env OTEL_SERVICE_NAME", options.Sources["ServiceName"]);
        Assert.Equal("env OTEL_EXPORTER_OTLP_ENDPOINT", options.Sources["Endpoint"]);
    }

    [Fact]
    public void BadEnvironmentValuesAreConfigErrorsNamingTheVariable()
    {
        var e = Assert.Throws<ConfigException>(() => Build(new() { ["OTEL_TRACES_EXPORTER"] = "jaeger" }));
        Assert.Contains("OTEL_TRACES_EXPORTER", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileOverEnvironmentAndCommandLineOverFile()
    {
        var file = Write("cfg-jaeger.yml", "service_name: from-file\nsampler:\n  type: ratelimiting\n  param: 10\nreporter:\n  localAgentHostPort: 127.0.0.2:6831\n");
        var env = new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "from-env", ["OTEL_TRACES_EXPORTER"] = "console" };

        var fileOnly = Build(env, null, "-C", file);
        Assert.Equal("from-file", fileOnly.Options.ServiceName);
        Assert.Equal(ExporterKind.Otlp, fileOnly.Options.Exporter);
        Assert.Equal(new Uri("http://127.0.0.2:4317/"), fileOnly.Options.Endpoint);
        Assert.Equal(10, fileOnly.Options.RateLimitPerSecond);
        Assert.Equal("-C " + file, fileOnly.Sources["ServiceName"]);

        var withCli = Build(env, null, "-C", file, "-T", "otlp-http", "-R", "3", "-o", "BE timeout", "--idle-timeout=10s");
        Assert.Equal(OtlpProtocol.HttpProtobuf, withCli.Options.OtlpProtocol);
        Assert.Equal(new Uri("http://127.0.0.2:4318/"), withCli.Options.Endpoint);
        Assert.Equal(3, withCli.Options.RateLimitPerSecond);
        Assert.Equal("BE timeout", withCli.Options.TimeoutMessage);
        Assert.Equal(TimeSpan.FromSeconds(10), withCli.Options.IdleTimeout);
        Assert.Equal("command line", withCli.Sources["RateLimitPerSecond"]);
        Assert.Equal("command line", withCli.Sources["OtlpProtocol"]);
    }

    [Fact]
    public void PropagatorsFromEnvironmentAndRequireContextFromCommandLine()
    {
        var env = new Dictionary<string, string?> { ["OTEL_PROPAGATORS"] = "tracecontext,b3multi" };
        var options = Build(env, null, "--require-context");
        Assert.Equal(Tracing.Propagation.Propagators.TraceContext | Tracing.Propagation.Propagators.B3Multi, options.Options.Propagators);
        Assert.Equal("env OTEL_PROPAGATORS", options.Sources["Propagators"]);
        Assert.True(options.Options.RequireContext);
        Assert.Equal("command line", options.Sources["RequireContext"]);

        var defaults = Build([]);
        Assert.Equal(Tracing.Propagation.PropagatorList.Default, defaults.Options.Propagators);
        Assert.False(defaults.Options.RequireContext);
        Assert.Throws<ConfigException>(() => Build(new() { ["OTEL_PROPAGATORS"] = "xray" }));
    }

    [Fact]
    public void SeedPluginNamesMapToExporters()
    {
        var zipkin = Write("cfg-zipkin.json", "{\"service_name\":\"z\",\"collector_host\":\"127.0.0.1\",\"collector_port\":9412}");
        var options = Build([], null, "-C", zipkin, "-T", "/opt/libzipkin_opentracing_plugin-0.5.2.so");
        Assert.Equal(ExporterKind.Zipkin, options.Options.Exporter);
        Assert.Equal(new Uri("http://127.0.0.1:9412/api/v2/spans"), options.Options.Endpoint);

        var notices = new List<string>();
        var dd = Write("cfg-dd.json", "{\"service\":\"d\",\"agent_host\":\"::1\",\"agent_port\":8126}");
        var ddOptions = Build([], notices, "-C", dd, "-T", "libdd_opentracing_plugin-1.2.0.so");
        Assert.Equal(ExporterKind.Otlp, ddOptions.Options.Exporter);
        Assert.Equal(new Uri("http://[::1]:4317/"), ddOptions.Options.Endpoint);
        Assert.Contains(notices, n => n.Contains("Datadog agent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("libjaegertracing_plugin.linux_amd64.so", ExporterKind.Otlp)]
    [InlineData("libjaeger_opentracing_plugin-0.4.2.so", ExporterKind.Otlp)]
    [InlineData("liblightstep_tracer_plugin-0.13.0.so", ExporterKind.Otlp)]
    [InlineData("OTLP", ExporterKind.Otlp)]
    [InlineData("console", ExporterKind.Console)]
    [InlineData("none", ExporterKind.None)]
    public void TracerNames(string name, ExporterKind kind) =>
        Assert.Equal(kind, TracerSelection.Resolve(name).Exporter);

    [Fact]
    public void UnknownTracerIsAConfigError() =>
        Assert.Throws<ConfigException>(() => TracerSelection.Resolve("libfoo.so"));
}
