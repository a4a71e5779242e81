using SpoaOpenTracing.Tracing.Export;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed class ExportResourceTests
{
    [Fact]
    public void TheServiceNameWinsOverTheAttributesAndComesFirst()
    {
        var options = new TracingOptions { ServiceName = "edge" };
        options.ResourceAttributes["service.name"] = "loser";
        options.ResourceAttributes["team"] = "net";

        var resource = ExportResource.From(options, "scope");
        var attributes = resource.Attributes.ToDictionary(a => a.Key, a => a.Value.String);

        Assert.Equal("service.name", resource.Attributes[0].Key);
        Assert.Equal("edge", attributes["service.name"]);
        Assert.Equal("net", attributes["team"]);
        Assert.Equal(ExportResource.SdkName, attributes["telemetry.sdk.name"]);
        Assert.Equal("dotnet", attributes["telemetry.sdk.language"]);
        Assert.Equal(Environment.MachineName, attributes["host.name"]);
        Assert.True(Guid.TryParse(attributes["service.instance.id"], out _));
        Assert.Equal("scope", resource.ScopeName);
        Assert.Equal(resource.Attributes.Count, attributes.Count);
    }

    [Fact]
    public void GivenInstanceIdAndHostNameAreKept()
    {
        var options = new TracingOptions();
        options.ResourceAttributes["service.instance.id"] = "edge-1";
        options.ResourceAttributes["host.name"] = "lb7";

        var attributes = ExportResource.From(options, "scope").Attributes.ToDictionary(a => a.Key, a => a.Value.String);

        Assert.Equal("edge-1", attributes["service.instance.id"]);
        Assert.Equal("lb7", attributes["host.name"]);
    }
}
