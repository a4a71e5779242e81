using SpoaOpenTracing.Cli.Config;
using SpoaOpenTracing.Tracing;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Sampling;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Config;

/// <summary>The <c>OTEL_*</c> layer of <see cref="TracingSettings"/>.</summary>
public sealed class OtelEnvironmentTests
{
    private static ConfiguredTracing Apply(params (string Name, string? Value)[] variables)
    {
        var options = new TracingOptions();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        TracingConfiguration.ApplyEnvironment(options, variables.ToDictionary(v => v.Name, v => v.Value), sources);
        return new ConfiguredTracing(options, sources);
    }

    [Fact]
    public void NothingSetKeepsDefaultsAndRecordsNoSource()
    {
        var options = Apply(("PATH", "/bin"), ("OTEL_SERVICE_NAME", "  "));

        Assert.Equal("spoa-opentracing", options.Options.ServiceName);
        Assert.Equal(ExporterKind.Otlp, options.Options.Exporter);
        Assert.Empty(options.Sources);
    }

    [Fact]
    public void ServiceNameAndResourceAttributes()
    {
        var options = Apply(("OTEL_SERVICE_NAME", "edge"), ("OTEL_RESOURCE_ATTRIBUTES", "service.name=ignored, deployment.environment.name=prod,team=a%2Cb"));

        Assert.Equal("edge", options.Options.ServiceName);
        Assert.Equal("prod", options.Options.ResourceAttributes["deployment.environment.name"]);
        Assert.Equal("a,b", options.Options.ResourceAttributes["team"]);
        Assert.Equal("env OTEL_SERVICE_NAME", options.Sources["ServiceName"]);
        Assert.Equal("env OTEL_RESOURCE_ATTRIBUTES", options.Sources["ResourceAttributes"]);
    }

    [Fact]
    public void ServiceNameFromResourceAttributesWhenNotGivenAlone()
    {
        var options = Apply(("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs"));

        Assert.Equal("from-attrs", options.Options.ServiceName);
        Assert.Equal("env OTEL_RESOURCE_ATTRIBUTES", options.Sources["ServiceName"]);
    }

    [Theory]
    [InlineData("otlp", ExporterKind.Otlp)]
    [InlineData("zipkin", ExporterKind.Zipkin)]
    [InlineData("Console", ExporterKind.Console)]
    [InlineData("none", ExporterKind.None)]
    public void TracesExporter(string value, ExporterKind expected)
    {
        var options = Apply(("OTEL_TRACES_EXPORTER", value));

        Assert.Equal(expected, options.Options.Exporter);
        Assert.Equal("env OTEL_TRACES_EXPORTER", options.Sources["Exporter"]);
    }

    [Fact]
    public void OtlpEndpointIsABaseAndTheTracesEndpointWins()
    {
        var baseOnly = Apply(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
        Assert.Equal(new Uri("http://collector:4318"), baseOnly.Options.Endpoint);
        Assert.False(baseOnly.Options.EndpointIsTracesUrl);
        Assert.Equal("env OTEL_EXPORTER_OTLP_ENDPOINT", baseOnly.Sources["Endpoint"]);

        var both = Apply(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://t.example/custom/path"));
        Assert.Equal(new Uri("https://t.example/custom/path"), both.Options.Endpoint);
        Assert.True(both.Options.EndpointIsTracesUrl);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", both.Sources["Endpoint"]);
    }

    [Fact]
    public void ZipkinEndpointAppliesWhenZipkinIsTheExporter()
    {
        var zipkin = Apply(("OTEL_TRACES_EXPORTER", "zipkin"), ("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));
        Assert.Equal(new Uri("http://zipkin:9411/api/v2/spans"), zipkin.Options.Endpoint);
        Assert.Equal("env OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.Sources["Endpoint"]);

        var otlp = Apply(("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans"));
        Assert.Null(otlp.Options.Endpoint);
    }

    [Fact]
    public void ProtocolHeadersAndTimeouts()
    {
        var options = Apply(
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret,x-tenant=t1"),
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "2500"),
            ("OTEL_BSP_SCHEDULE_DELAY", "200"),
            ("OTEL_BSP_MAX_QUEUE_SIZE", "4096"),
            ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "256"),
            ("OTEL_BSP_EXPORT_TIMEOUT", "7000"));

        Assert.Equal(OtlpProtocol.HttpProtobuf, options.Options.OtlpProtocol);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", options.Sources["OtlpProtocol"]);
        Assert.Equal([new("api-key", "secret"), new("x-tenant", "t1")], options.Options.Headers);
        Assert.Equal("env OTEL_EXPORTER_OTLP_HEADERS", options.Sources["Headers"]);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.Options.ExportTimeout);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TIMEOUT", options.Sources["ExportTimeout"]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Options.ScheduledExportDelay);
        Assert.Equal(4096, options.Options.MaxExportQueueSize);
        Assert.Equal(256, options.Options.MaxExportBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Options.BatchExportTimeout);
        Assert.Equal("env OTEL_BSP_MAX_EXPORT_BATCH_SIZE", options.Sources["MaxExportBatchSize"]);
        Assert.Equal("env OTEL_BSP_EXPORT_TIMEOUT", options.Sources["BatchExportTimeout"]);
        options.Options.Validate();
    }

    [Fact]
    public void SignalSpecificHeadersAndTimeoutWin()
    {
        var options = Apply(("OTEL_EXPORTER_OTLP_HEADERS", "a=1"), ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2"),
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "1000"), ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "3000"));

        Assert.Equal([new KeyValuePair<string, string>("b", "2")], options.Options.Headers);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Options.ExportTimeout);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", options.Sources["ExportTimeout"]);
    }

    [Theory]
    [InlineData("OTEL_TRACES_EXPORTER", "jaeger")]
    [InlineData("OTEL_TRACES_EXPORTER", "otlp,console")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "/v1/traces")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "novalue")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "=v")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "10s")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "0")]
    [InlineData("OTEL_BSP_SCHEDULE_DELAY", "-5")]
    [InlineData("OTEL_BSP_MAX_QUEUE_SIZE", "lots")]
    [InlineData("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "0")]
    [InlineData("OTEL_BSP_EXPORT_TIMEOUT", "99999999999")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "a=1,broken")]
    [InlineData("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "deflate")]
    [InlineData("OTEL_ATTRIBUTE_COUNT_LIMIT", "-1")]
    [InlineData("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "many")]
    [InlineData("OTEL_SPAN_EVENT_COUNT_LIMIT", "0")]
    [InlineData("OTEL_SPAN_LINK_COUNT_LIMIT", "1.5")]
    [InlineData("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "x")]
    [InlineData("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "0")]
    public void BadValueNamesTheVariable(string name, string value)
    {
        var e = Assert.Throws<TracingConfigurationException>(() => Apply((name, value)));

        Assert.Equal(name, e.Setting);
        Assert.StartsWith(name + "=", e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRejectsABatchLargerThanTheQueue()
    {
        var options = Apply(("OTEL_BSP_MAX_QUEUE_SIZE", "100"), ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "200"));

        var e = Assert.Throws<TracingConfigurationException>(options.Options.Validate);
        Assert.Equal("MaxExportBatchSize", e.Setting);
        Assert.Throws<TracingConfigurationException>(() => new TracingEngine(options.Options));
    }

    [Fact]
    public void CompressionAndCertificatesWithTheTracesVariablesWinning()
    {
        var options = Apply(
            ("OTEL_EXPORTER_OTLP_COMPRESSION", "none"),
            ("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "GZIP"),
            ("OTEL_EXPORTER_OTLP_CERTIFICATE", "/generic/ca.pem"),
            ("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "/traces/ca.pem"),
            ("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "/generic/client.pem"),
            ("OTEL_EXPORTER_OTLP_CLIENT_KEY", "/generic/client.key"),
            ("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "/traces/client.key"));

        Assert.Equal(ExportCompression.Gzip, options.Options.Compression);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", options.Sources["Compression"]);
        Assert.Equal("/traces/ca.pem", options.Options.CertificateFile);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", options.Sources["CertificateFile"]);
        Assert.Equal("/generic/client.pem", options.Options.ClientCertificateFile);
        Assert.Equal("env OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", options.Sources["ClientCertificateFile"]);
        Assert.Equal("/traces/client.key", options.Options.ClientKeyFile);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", options.Sources["ClientKeyFile"]);
        Assert.Equal(ExportCompression.None, Apply(("OTEL_EXPORTER_OTLP_COMPRESSION", "none")).Options.Compression);
    }

    [Fact]
    public void ValidateChecksThatCertificateFilesExistAndComeInPairs()
    {
        var missing = Apply(("OTEL_EXPORTER_OTLP_CERTIFICATE", Path.Combine(AppContext.BaseDirectory, "no-such-ca.pem")));
        Assert.Equal("CertificateFile", Assert.Throws<TracingConfigurationException>(missing.Options.Validate).Setting);

        var existing = typeof(OtelEnvironmentTests).Assembly.Location;
        Apply(("OTEL_EXPORTER_OTLP_CERTIFICATE", existing)).Options.Validate();

        var keyless = Apply(("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", existing));
        Assert.Equal("ClientKeyFile", Assert.Throws<TracingConfigurationException>(keyless.Options.Validate).Setting);
        Apply(("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", existing), ("OTEL_EXPORTER_OTLP_CLIENT_KEY", existing)).Options.Validate();
    }

    [Fact]
    public void CountLimitsWithTheGeneralAttributeLimitAsFallback()
    {
        var general = Apply(("OTEL_ATTRIBUTE_COUNT_LIMIT", "40"), ("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "7"));
        Assert.Equal(40, general.Options.MaxAttributesPerSpan);
        Assert.Equal("env OTEL_ATTRIBUTE_COUNT_LIMIT", general.Sources["MaxAttributesPerSpan"]);
        Assert.Equal(7, general.Options.MaxAttributesPerEvent);
        Assert.Equal(40, general.Options.MaxAttributesPerLink);
        Assert.Equal(128, general.Options.MaxEventsPerSpan);

        var specific = Apply(("OTEL_ATTRIBUTE_COUNT_LIMIT", "40"), ("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "50"), ("OTEL_SPAN_EVENT_COUNT_LIMIT", "9"),
            ("OTEL_SPAN_LINK_COUNT_LIMIT", "3"), ("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "2"));
        Assert.Equal(50, specific.Options.MaxAttributesPerSpan);
        Assert.Equal("env OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", specific.Sources["MaxAttributesPerSpan"]);
        Assert.Equal(9, specific.Options.MaxEventsPerSpan);
        Assert.Equal(3, specific.Options.MaxLinksPerSpan);
        Assert.Equal("env OTEL_SPAN_LINK_COUNT_LIMIT", specific.Sources["MaxLinksPerSpan"]);
        Assert.Equal(2, specific.Options.MaxAttributesPerLink);
        Assert.Equal(40, specific.Options.MaxAttributesPerEvent);
        specific.Options.Validate();
    }

    [Fact]
    public void PropagatorsAndSampler()
    {
        var options = Apply(("OTEL_PROPAGATORS", "b3multi,jaeger"), ("OTEL_TRACES_SAMPLER", "TraceIdRatio"), ("OTEL_TRACES_SAMPLER_ARG", "0.25"));

        Assert.Equal(Propagators.B3Multi | Propagators.Jaeger, options.Options.Propagators);
        Assert.Equal(SamplerKind.TraceIdRatio, options.Options.Sampler);
        Assert.Equal(0.25, options.Options.SamplerArgument);
        Assert.Equal("env OTEL_PROPAGATORS", options.Sources["Propagators"]);
        Assert.Equal("env OTEL_TRACES_SAMPLER_ARG", options.Sources["SamplerArgument"]);
    }

    [Theory]
    [InlineData("OTEL_PROPAGATORS", "ottrace")]
    [InlineData("OTEL_TRACES_SAMPLER", "jaeger_remote")]
    [InlineData("OTEL_TRACES_SAMPLER_ARG", "1.5")]
    public void BadSamplerOrPropagatorNamesTheVariable(string variable, string value) =>
        Assert.Equal(variable, Assert.Throws<TracingConfigurationException>(() => Apply((variable, value))).Setting);
}
