namespace SpoaOpenTracing.Tracing.Tests.Internal;

public sealed class EnvironmentSettingsTests
{
    private static TracingOptions Apply(params (string Name, string? Value)[] variables)
    {
        var options = new TracingOptions();
        options.ApplyEnvironment(variables.ToDictionary(v => v.Name, v => v.Value));
        return options;
    }

    [Fact]
    public void NothingSetKeepsDefaultsAndRecordsNoSource()
    {
        var options = Apply(("PATH", "/bin"), ("OTEL_SERVICE_NAME", "  "));

        Assert.Equal("spoa-opentracing", options.ServiceName);
        Assert.Equal(ExporterKind.Otlp, options.Exporter);
        Assert.Empty(options.Sources);
    }

    [Fact]
    public void ServiceNameAndResourceAttributes()
    {
        var options = Apply(("OTEL_SERVICE_NAME", "edge"), ("OTEL_RESOURCE_ATTRIBUTES", "service.name=ignored, deployment.environment.name=prod,team=a%2Cb"));

        Assert.Equal("edge", options.ServiceName);
        Assert.Equal("prod", options.ResourceAttributes["deployment.environment.name"]);
        Assert.Equal("a,b", options.ResourceAttributes["team"]);
        Assert.Equal("env OTEL_SERVICE_NAME", options.Sources["ServiceName"]);
        Assert.Equal("env OTEL_RESOURCE_ATTRIBUTES", options.Sources["ResourceAttributes"]);
    }

    [Fact]
    public void ServiceNameFromResourceAttributesWhenNotGivenAlone()
    {
        var options = Apply(("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs"));

        Assert.Equal("from-attrs", options.ServiceName);
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

        Assert.Equal(expected, options.Exporter);
        Assert.Equal("env OTEL_TRACES_EXPORTER", options.Sources["Exporter"]);
    }

    [Fact]
    public void OtlpEndpointIsABaseAndTheTracesEndpointWins()
    {
        var baseOnly = Apply(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
        Assert.Equal(new Uri("http://collector:4318"), baseOnly.Endpoint);
        Assert.False(baseOnly.EndpointIsTracesUrl);
        Assert.Equal("env OTEL_EXPORTER_OTLP_ENDPOINT", baseOnly.Sources["Endpoint"]);

        var both = Apply(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://t.example/custom/path"));
        Assert.Equal(new Uri("https://t.example/custom/path"), both.Endpoint);
        Assert.True(both.EndpointIsTracesUrl);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", both.Sources["Endpoint"]);
    }

    [Fact]
    public void ZipkinEndpointAppliesWhenZipkinIsTheExporter()
    {
        var zipkin = Apply(("OTEL_TRACES_EXPORTER", "zipkin"), ("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));
        Assert.Equal(new Uri("http://zipkin:9411/api/v2/spans"), zipkin.Endpoint);
        Assert.Equal("env OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.Sources["Endpoint"]);

        var otlp = Apply(("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans"));
        Assert.Null(otlp.Endpoint);
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

        Assert.Equal(OtlpProtocol.HttpProtobuf, options.OtlpProtocol);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", options.Sources["OtlpProtocol"]);
        Assert.Equal("api-key=secret,x-tenant=t1", options.Headers);
        Assert.Equal("env OTEL_EXPORTER_OTLP_HEADERS", options.Sources["Headers"]);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.ExportTimeout);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TIMEOUT", options.Sources["ExportTimeout"]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.ScheduledExportDelay);
        Assert.Equal(4096, options.MaxExportQueueSize);
        Assert.Equal(256, options.MaxExportBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(7), options.BatchExportTimeout);
        Assert.Equal("env OTEL_BSP_MAX_EXPORT_BATCH_SIZE", options.Sources["MaxExportBatchSize"]);
        Assert.Equal("env OTEL_BSP_EXPORT_TIMEOUT", options.Sources["BatchExportTimeout"]);
        options.Validate();
    }

    [Fact]
    public void SignalSpecificHeadersAndTimeoutWin()
    {
        var options = Apply(("OTEL_EXPORTER_OTLP_HEADERS", "a=1"), ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2"),
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "1000"), ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "3000"));

        Assert.Equal("b=2", options.Headers);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ExportTimeout);
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

        var e = Assert.Throws<TracingConfigurationException>(options.Validate);
        Assert.Equal("MaxExportBatchSize", e.Setting);
        Assert.Throws<TracingConfigurationException>(() => new TracingEngine(options));
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

        Assert.Equal(ExportCompression.Gzip, options.Compression);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", options.Sources["Compression"]);
        Assert.Equal("/traces/ca.pem", options.CertificateFile);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", options.Sources["CertificateFile"]);
        Assert.Equal("/generic/client.pem", options.ClientCertificateFile);
        Assert.Equal("env OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", options.Sources["ClientCertificateFile"]);
        Assert.Equal("/traces/client.key", options.ClientKeyFile);
        Assert.Equal("env OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", options.Sources["ClientKeyFile"]);
        Assert.Equal(ExportCompression.None, Apply(("OTEL_EXPORTER_OTLP_COMPRESSION", "none")).Compression);
    }

    [Fact]
    public void ValidateChecksThatCertificateFilesExistAndComeInPairs()
    {
        var missing = Apply(("OTEL_EXPORTER_OTLP_CERTIFICATE", Path.Combine(AppContext.BaseDirectory, "no-such-ca.pem")));
        Assert.Equal("CertificateFile", Assert.Throws<TracingConfigurationException>(missing.Validate).Setting);

        var existing = typeof(EnvironmentSettingsTests).Assembly.Location;
        Apply(("OTEL_EXPORTER_OTLP_CERTIFICATE", existing)).Validate();

        var keyless = Apply(("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", existing));
        Assert.Equal("ClientKeyFile", Assert.Throws<TracingConfigurationException>(keyless.Validate).Setting);
        Apply(("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", existing), ("OTEL_EXPORTER_OTLP_CLIENT_KEY", existing)).Validate();
    }

    [Fact]
    public void CountLimitsWithTheGeneralAttributeLimitAsFallback()
    {
        var general = Apply(("OTEL_ATTRIBUTE_COUNT_LIMIT", "40"), ("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "7"));
        Assert.Equal(40, general.MaxAttributesPerSpan);
        Assert.Equal("env OTEL_ATTRIBUTE_COUNT_LIMIT", general.Sources["MaxAttributesPerSpan"]);
        Assert.Equal(7, general.MaxAttributesPerEvent);
        Assert.Equal(40, general.MaxAttributesPerLink);
        Assert.Equal(128, general.MaxEventsPerSpan);

        var specific = Apply(("OTEL_ATTRIBUTE_COUNT_LIMIT", "40"), ("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "50"), ("OTEL_SPAN_EVENT_COUNT_LIMIT", "9"),
            ("OTEL_SPAN_LINK_COUNT_LIMIT", "3"), ("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "2"));
        Assert.Equal(50, specific.MaxAttributesPerSpan);
        Assert.Equal("env OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", specific.Sources["MaxAttributesPerSpan"]);
        Assert.Equal(9, specific.MaxEventsPerSpan);
        Assert.Equal(3, specific.MaxLinksPerSpan);
        Assert.Equal("env OTEL_SPAN_LINK_COUNT_LIMIT", specific.Sources["MaxLinksPerSpan"]);
        Assert.Equal(2, specific.MaxAttributesPerLink);
        Assert.Equal(40, specific.MaxAttributesPerEvent);
        specific.Validate();
    }
}
