namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>The transports as <see cref="TracingOptions"/> configure them.</summary>
internal static class TransportFactory
{
    public static readonly Uri DefaultOtlpGrpcEndpoint = new("http://localhost:4317");
    public static readonly Uri DefaultOtlpHttpEndpoint = new("http://localhost:4318");
    public static readonly Uri DefaultZipkinEndpoint = new("http://localhost:9411/api/v2/spans");

    /// <summary>OTLP over the options' protocol: http/protobuf to <c>&lt;endpoint&gt;/v1/traces</c> (or the traces
    /// URL as given), or gRPC to the endpoint.</summary>
    public static IExportTransport CreateOtlp(TracingOptions options, TransportCounters counters)
    {
        var policy = new RetryPolicy(options.ExportTimeout, counters);
        var headers = options.Headers;
        var tls = Security(options);
        if (options.OtlpProtocol == OtlpProtocol.Grpc)
        {
            return new GrpcExportTransport(options.Endpoint ?? DefaultOtlpGrpcEndpoint, headers, options.Compression, tls, policy);
        }

        return new HttpExportTransport(OtlpHttpUrl(options), "application/x-protobuf", headers, options.Compression, tls, policy);
    }

    /// <summary>Zipkin v2 JSON to its URL; the OTLP headers, compression and certificates are OTLP's only.</summary>
    public static IExportTransport CreateZipkin(TracingOptions options, TransportCounters counters) =>
        new HttpExportTransport(options.Endpoint ?? DefaultZipkinEndpoint, "application/json", [], ExportCompression.None, null,
            new RetryPolicy(options.ExportTimeout, counters));

    public static Uri OtlpHttpUrl(TracingOptions options)
    {
        if (options.Endpoint is { } endpoint && options.EndpointIsTracesUrl)
        {
            return endpoint;
        }

        return new Uri((options.Endpoint ?? DefaultOtlpHttpEndpoint).AbsoluteUri.TrimEnd('/') + "/v1/traces");
    }

    private static TransportSecurity? Security(TracingOptions options) =>
        options.CertificateFile is null && options.ClientCertificateFile is null
            ? null
            : TransportSecurity.FromFiles(options.CertificateFile, options.ClientCertificateFile, options.ClientKeyFile);
}
