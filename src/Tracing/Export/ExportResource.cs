using System.Reflection;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export;

/// <summary>
/// What every exported span shares: the resource (<c>service.name</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>,
/// <c>service.instance.id</c>, <c>host.name</c>, <c>telemetry.sdk.*</c>) and the instrumentation scope.
/// </summary>
internal sealed class ExportResource
{
    public const string SdkName = "spoa-opentracing";

    public ExportResource(string serviceName, IReadOnlyList<SpanAttribute> attributes, string scopeName, string? scopeVersion)
    {
        ServiceName = serviceName;
        Attributes = attributes;
        ScopeName = scopeName;
        ScopeVersion = scopeVersion;
    }

    public string ServiceName { get; }

    /// <summary>Every resource attribute, <c>service.name</c> first.</summary>
    public IReadOnlyList<SpanAttribute> Attributes { get; }

    public string ScopeName { get; }

    public string? ScopeVersion { get; }

    /// <summary>
    /// The resource of <paramref name="options"/>: the service name wins over a <c>service.name</c> in the resource
    /// attributes; <c>service.instance.id</c> is a fresh UUID per process unless given (as the SDK's <c>AddService</c>
    /// does); <c>host.name</c> is the machine's unless given.
    /// </summary>
    public static ExportResource From(TracingOptions options, string scopeName)
    {
        var attributes = new List<SpanAttribute> { new("service.name", options.ServiceName) };
        foreach (var (key, value) in options.ResourceAttributes)
        {
            if (key != "service.name")
            {
                attributes.Add(new SpanAttribute(key, value));
            }
        }

        AddUnlessGiven(attributes, options, "service.instance.id", Guid.NewGuid().ToString());
        AddUnlessGiven(attributes, options, "host.name", Environment.MachineName);
        AddUnlessGiven(attributes, options, "telemetry.sdk.name", SdkName);
        AddUnlessGiven(attributes, options, "telemetry.sdk.language", "dotnet");
        AddUnlessGiven(attributes, options, "telemetry.sdk.version", Version);
        return new ExportResource(options.ServiceName, attributes, scopeName, null);
    }

    private static string Version =>
        typeof(ExportResource).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static void AddUnlessGiven(List<SpanAttribute> attributes, TracingOptions options, string key, string value)
    {
        if (!options.ResourceAttributes.ContainsKey(key))
        {
            attributes.Add(new SpanAttribute(key, value));
        }
    }
}
