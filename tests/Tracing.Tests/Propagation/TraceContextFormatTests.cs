using System.Text;
using SpoaOpenTracing.Tracing.Propagation;

namespace SpoaOpenTracing.Tracing.Tests.Propagation;

public sealed class TraceContextFormatTests
{
    private const string Valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void ValidTraceParentGivesIdsAndSampledFlag()
    {
        Assert.True(TraceContextFormat.TryParseTraceParent(Encoding.ASCII.GetBytes(Valid), out var context));
        Assert.Equal(0x4bf92f3577b34da6UL, context.TraceHigh);
        Assert.Equal(0xa3ce929d0e0e4736UL, context.TraceLow);
        Assert.Equal(0x00f067aa0ba902b7UL, context.SpanId);
        Assert.True(context.Sampled);
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02", false)] // level 2 random flag only
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", true)]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true)] // future version, exact length
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds", true)]
    public void FlagsAndFutureVersions(string header, bool sampled)
    {
        Assert.True(TraceContextFormat.TryParseTraceParent(Encoding.ASCII.GetBytes(header), out var context));
        Assert.Equal(sampled, context.Sampled);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // version ff is invalid
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // all-zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // all-zero parent id
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // uppercase
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-")] // version 00 must be exactly 55
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01")] // wrong field lengths
    [InlineData("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01")]
    [InlineData("0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x")]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.extra")] // future version must go on with '-'
    public void InvalidTraceParentIsRefused(string header)
    {
        Assert.False(TraceContextFormat.TryParseTraceParent(Encoding.ASCII.GetBytes(header), out _));
    }

    [Fact]
    public void WriteIsTheInverseOfParse()
    {
        var context = new RemoteContext(0x0102030405060708, 0x090a0b0c0d0e0f10, 0xfedcba9876543210, false);
        var buffer = new byte[TraceContextFormat.TraceParentLength];
        TraceContextFormat.WriteTraceParent(context, buffer);
        Assert.Equal("00-0102030405060708090a0b0c0d0e0f10-fedcba9876543210-00", Encoding.ASCII.GetString(buffer));
        Assert.True(TraceContextFormat.TryParseTraceParent(buffer, out var back));
        Assert.Equal(context, back);
    }

    [Theory]
    [InlineData("congo=t61rcWkgMzE", true)]
    [InlineData("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", true)]
    [InlineData("  rojo=00f067aa0ba902b7 ,, congo=t61rcWkgMzE ", true)] // OWS and empty members
    [InlineData("tenant1@vendor=value", true)]
    [InlineData("1tenant@vendor=value", true)]
    [InlineData("a*/_-=x", true)]
    [InlineData("Rojo=1", false)] // uppercase key
    [InlineData("rojo", false)]
    [InlineData("rojo=", false)]
    [InlineData("rojo=a,rojo=b", false)] // duplicate key
    [InlineData("rojo=a=b", false)]
    [InlineData("rojo=trailing ", true)] // the space is list whitespace, not part of the value
    [InlineData("rojo=a\u0001b", false)]
    [InlineData("@vendor=x", false)]
    [InlineData("tenant@=x", false)]
    [InlineData("tenant@1vendor=x", false)]
    public void TraceStateValidation(string header, bool valid)
    {
        Assert.Equal(valid, TraceContextFormat.IsValidTraceState(Encoding.ASCII.GetBytes(header)));
    }

    [Fact]
    public void TraceStateLimits()
    {
        var thirtyTwo = string.Join(',', Enumerable.Range(0, 32).Select(i => $"k{i}=v"));
        var thirtyThree = string.Join(',', Enumerable.Range(0, 33).Select(i => $"k{i}=v"));
        Assert.True(TraceContextFormat.IsValidTraceState(Encoding.ASCII.GetBytes(thirtyTwo)));
        Assert.False(TraceContextFormat.IsValidTraceState(Encoding.ASCII.GetBytes(thirtyThree)));
        Assert.False(TraceContextFormat.IsValidTraceState(Encoding.ASCII.GetBytes("k=" + new string('v', 257))));
    }
}
