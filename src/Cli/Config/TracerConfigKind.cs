namespace SpoaOpenTracing.Cli.Config;

/// <summary>Which of the seed's tracer configuration files a <c>-C</c> file is.</summary>
internal enum TracerConfigKind
{
    /// <summary><c>cfg-jaeger.yml</c>: jaeger-client-cpp YAML.</summary>
    Jaeger,

    /// <summary><c>cfg-zipkin.json</c>: zipkin-cpp-opentracing JSON.</summary>
    Zipkin,

    /// <summary><c>cfg-dd.json</c>: dd-opentracing-cpp JSON.</summary>
    Datadog,
}
