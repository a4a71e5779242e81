namespace SpoaOpenTracing.Tracing;

/// <summary>Where finished spans go.</summary>
public enum ExporterKind
{
    /// <summary>OTLP; the protocol comes from <see cref="TracingOptions.OtlpProtocol"/> (gRPC unless told otherwise).</summary>
    Otlp,
    Zipkin,
    /// <summary>Each finished trace printed as an indented tree with durations.</summary>
    Console,
    /// <summary>Messages are still parsed and answered; no span is recorded or sent.</summary>
    None,
}

public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}
