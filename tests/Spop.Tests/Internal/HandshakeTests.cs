using System.Buffers;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Internal;

public sealed class HandshakeTests
{
    private static HelloResult Negotiate(byte[] frame, SpopServerOptions? options = null)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(FrameReader.TryReadFrame(ref buffer, 65536, out var header, out var payload));
        return Handshake.Negotiate(in header, payload.ToArray(), options ?? new SpopServerOptions());
    }

    private static SpopStatus Refusal(byte[] frame, SpopServerOptions? options = null) =>
        Assert.Throws<SpopException>(() => Negotiate(frame, options)).Status;

    [Theory]
    [InlineData("haproxy26-hello.hex")]
    [InlineData("haproxy32-hello.hex")]
    public void CapturedHello_NegotiatesPipeliningAnd16380(string file)
    {
        var result = Negotiate(Captures.Bytes(file));
        Assert.Equal(new HelloResult(16380, Pipelining: true, Async: false, Fragmentation: false, HealthCheck: false), result);
    }

    [Fact]
    public void HealthCheck_IsRecognised_WithEmptyCapabilities()
    {
        var result = Negotiate(Captures.Bytes("haproxy26-hello-healthcheck.hex"));
        Assert.True(result.HealthCheck);
        Assert.False(result.Pipelining);
        Assert.Equal(0, result.WriteCapabilities(new byte[HelloResult.MaxCapabilitiesLength]));
    }

    [Fact]
    public void NoVersion_Is5() => Assert.Equal(SpopStatus.NoVersion, Refusal(HelloBuilder.Hello(versions: null)));

    [Fact]
    public void NoMaxFrameSize_Is6() => Assert.Equal(SpopStatus.NoMaxFrameSize, Refusal(HelloBuilder.Hello(maxFrameSize: null)));

    [Theory]
    [InlineData("1.0")]
    [InlineData("3.0, 1.2")]
    [InlineData("abc")]
    [InlineData("")]
    public void UnsupportedVersion_Is8(string versions) =>
        Assert.Equal(SpopStatus.UnsupportedVersion, Refusal(HelloBuilder.Hello(versions: versions)));

    [Theory]
    [InlineData(" 2.0 ")]
    [InlineData("1.0, 2.0")]
    [InlineData("2.5")]
    public void Version2_IsFoundInAList(string versions) =>
        Assert.Equal(
            new HelloResult(16380, Pipelining: true, Async: false, Fragmentation: false, HealthCheck: false),
            Negotiate(HelloBuilder.Hello(versions: versions)));

    [Fact]
    public void SmallFrameSize_Is9() => Assert.Equal(SpopStatus.BadMaxFrameSize, Refusal(HelloBuilder.Hello(maxFrameSize: 255)));

    [Fact]
    public void FrameSize_IsTheMinimum()
    {
        Assert.Equal(256U, Negotiate(HelloBuilder.Hello(maxFrameSize: 256)).MaxFrameSize);
        Assert.Equal(16384U, Negotiate(HelloBuilder.Hello(maxFrameSize: 1 << 20)).MaxFrameSize);
        Assert.Equal(1000U, Negotiate(HelloBuilder.Hello(maxFrameSize: 65536), new SpopServerOptions { MaxFrameSize = 1000 }).MaxFrameSize);
    }

    [Fact]
    public void NoFin_Is10() => Assert.Equal(SpopStatus.FragmentationNotSupported, Refusal(HelloBuilder.Hello(flags: FrameFlags.None)));

    [Theory]
    [InlineData(1UL, 0UL)]
    [InlineData(0UL, 1UL)]
    public void NonZeroIds_Are4(ulong streamId, ulong frameId) =>
        Assert.Equal(SpopStatus.InvalidFrame, Refusal(HelloBuilder.Hello(streamId: streamId, frameId: frameId)));

    [Fact]
    public void TruncatedKv_Is4()
    {
        var frame = HelloBuilder.Hello();
        var payload = frame.AsSpan(11, frame.Length - 12).ToArray();
        var truncated = HelloBuilder.Frame(FrameType.HaproxyHello, FrameFlags.Fin, 0, 0, payload);
        Assert.Equal(SpopStatus.InvalidFrame, Refusal(truncated));
    }

    [Fact]
    public void UnknownKeys_AnyOrder_AreSkipped()
    {
        var payload = HelloBuilder.Kv(
            ("capabilities", SpopValueBox.String("async, pipelining")),
            ("x-future", SpopValueBox.UInt32(7)),
            ("max-frame-size", SpopValueBox.UInt32(4096)),
            ("supported-versions", SpopValueBox.String("2.0")));
        var result = Negotiate(HelloBuilder.Frame(FrameType.HaproxyHello, FrameFlags.Fin, 0, 0, payload));
        Assert.Equal(4096U, result.MaxFrameSize);
        Assert.True(result.Pipelining);
    }

    [Theory]
    [InlineData("pipelining,async", "engine", true, true, false, "pipelining,async")]
    [InlineData("pipelining,async", null, true, true, false, "pipelining")] // async needs an engine-id
    [InlineData("pipelining,async", "engine", true, false, false, "pipelining")]
    [InlineData("", "engine", true, true, true, "fragmentation")] // nothing offered; fragmentation is ours to ask
    [InlineData("pipelining", "engine", false, true, false, "")]
    public void Capabilities(string offered, string? engineId, bool pipelining, bool async, bool fragmentation, string announced)
    {
        var options = new SpopServerOptions { Pipelining = pipelining, Async = async, Fragmentation = fragmentation };
        var result = Negotiate(HelloBuilder.Hello(capabilities: offered, engineId: engineId), options);
        var buffer = new byte[HelloResult.MaxCapabilitiesLength];
        var n = result.WriteCapabilities(buffer);
        Assert.Equal(announced, System.Text.Encoding.ASCII.GetString(buffer, 0, n));
    }
}
