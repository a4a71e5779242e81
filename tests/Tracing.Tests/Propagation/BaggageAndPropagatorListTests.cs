using System.Text;
using SpoaOpenTracing.Tracing.Propagation;
using SpoaOpenTracing.Tracing.Sampling;

namespace SpoaOpenTracing.Tracing.Tests.Propagation;

public sealed class BaggageAndPropagatorListTests
{
    [Fact]
    public void BaggageDecodesValuesDropsPropertiesAndSkipsInvalidMembers()
    {
        var entries = BaggageFormat.Parse(Encoding.ASCII.GetBytes("userId=alice, serverNode=DF%2028;p=1 , bad key=x,,isProduction=false,k=%E2%82%AC,k2=%ZZ"), out var skipped);
        Assert.Equal(
            [new("userId", "alice"), new("serverNode", "DF 28"), new("isProduction", "false"), new("k", "€")],
            entries);
        Assert.Equal(2, skipped);
    }

    [Fact]
    public void BaggageKeepsAtMost64EntriesAndALaterDuplicateWins()
    {
        var header = string.Join(',', Enumerable.Range(0, 70).Select(i => $"k{i}=v{i}")) + ",k0=last";
        var entries = BaggageFormat.Parse(Encoding.ASCII.GetBytes(header), out var skipped);
        Assert.Equal(BaggageFormat.MaxEntries, entries.Length);
        Assert.Equal("last", entries[0].Value);
        Assert.Equal(6, skipped);
    }

    [Fact]
    public void BaggageWriteEncodesAndRoundTrips()
    {
        var header = BaggageFormat.Write([new("user", "a b,c€"), new("bad key", "x"), new("n", "1")]);
        Assert.Equal("user=a%20b%2Cc%E2%82%AC,n=1", header);
        Assert.Equal([new("user", "a b,c€"), new("n", "1")], BaggageFormat.Parse(Encoding.ASCII.GetBytes(header!), out _));
        Assert.Null(BaggageFormat.Write([]));
    }

    [Theory]
    [InlineData("tracecontext,baggage", Propagators.TraceContext | Propagators.Baggage)]
    [InlineData(" B3 , b3multi,jaeger,tracecontext ", Propagators.B3 | Propagators.B3Multi | Propagators.Jaeger | Propagators.TraceContext)]
    [InlineData("none", Propagators.None)]
    [InlineData("b3,b3", Propagators.B3)]
    public void PropagatorListParses(string text, Propagators expected)
    {
        Assert.Equal(expected, PropagatorList.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("xray")]
    [InlineData("none,b3")]
    public void PropagatorListRefuses(string text) => Assert.Throws<FormatException>(() => PropagatorList.Parse(text));

    [Fact]
    public void PropagatorListFormats()
    {
        Assert.Equal("tracecontext,baggage", PropagatorList.Format(PropagatorList.Default));
        Assert.Equal("none", PropagatorList.Format(Propagators.None));
    }

    [Fact]
    public void ValidateRefusesBadSamplerSettings()
    {
        Assert.Throws<TracingConfigurationException>(() => new TracingOptions { Sampler = (SamplerKind)99 }.Validate());
        Assert.Throws<TracingConfigurationException>(() => new TracingOptions { SamplerArgument = -0.1 }.Validate());
        Assert.Throws<TracingConfigurationException>(() => new TracingOptions { RateLimitPerSecond = double.NaN }.Validate());
    }
}
