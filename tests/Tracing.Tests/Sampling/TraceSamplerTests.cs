using System.Diagnostics;
using OpenTelemetry.Trace;
using SpoaOpenTracing.Tracing.Sampling;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Sampling;

public sealed class TraceSamplerTests
{
    public static TheoryData<SamplerKind, double> Kinds() => new()
    {
        { SamplerKind.AlwaysOn, 1 },
        { SamplerKind.AlwaysOff, 1 },
        { SamplerKind.TraceIdRatio, 0.25 },
        { SamplerKind.TraceIdRatio, 0 },
        { SamplerKind.TraceIdRatio, 1 },
        { SamplerKind.ParentBasedAlwaysOn, 1 },
        { SamplerKind.ParentBasedAlwaysOff, 1 },
        { SamplerKind.ParentBasedTraceIdRatio, 0.5 },
    };

    /// <summary>Our allocation-free sampler decides as the SDK's samplers do, for roots and remote parents.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void DecidesAsTheSdkSamplers(SamplerKind kind, double ratio)
    {
        var ours = new TraceSampler(kind, ratio, 0, TimeProvider.System);
        var sdk = Sdk(kind, ratio);
        var random = new Random(42);
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 4000; i++)
        {
            var traceId = ActivityTraceId.CreateRandom();
            var hasParent = random.Next(2) == 0;
            var parentSampled = random.Next(2) == 0;
            var parent = hasParent
                ? new ActivityContext(traceId, ActivitySpanId.CreateRandom(), parentSampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true)
                : default;
            var expected = sdk.ShouldSample(new SamplingParameters(parent, traceId, "n", ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample;
            traceId.CopyTo(bytes);
            var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
            Assert.Equal(expected, ours.Decide(hasParent, parentSampled, high));
        }
    }

    [Fact]
    public void RatioKeepsAboutItsShare()
    {
        var sampler = new TraceSampler(SamplerKind.TraceIdRatio, 0.25, 0, TimeProvider.System);
        var random = new Random(7);
        var kept = Enumerable.Range(0, 20_000).Count(_ => sampler.Decide(false, false, (ulong)random.NextInt64(long.MinValue, long.MaxValue)));
        // Binomial(20000, 0.25): sd ≈ 61; 5 sd either side.
        Assert.InRange(kept, 5000 - 306, 5000 + 306);
    }

    [Fact]
    public void RateLimiterAdmitsBurstThenRefillsWithTime()
    {
        var time = new ManualTime();
        var sampler = new TraceSampler(SamplerKind.AlwaysOn, 1, 10, time);
        Assert.Equal(10, Enumerable.Range(0, 50).Count(_ => sampler.Admit()));
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(2, Enumerable.Range(0, 50).Count(_ => sampler.Admit())); // 2.5 tokens
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, Enumerable.Range(0, 50).Count(_ => sampler.Admit())); // 0.5 + 0.5
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(10, Enumerable.Range(0, 50).Count(_ => sampler.Admit())); // capped at one second's worth
    }

    [Fact]
    public void FractionalRateAllowsOneTraceAtATime()
    {
        var time = new ManualTime();
        var limiter = new RateLimiter(0.5, time);
        Assert.True(limiter.TryAcquire());
        Assert.False(limiter.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(limiter.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(limiter.TryAcquire());
    }

    [Fact]
    public void NoRateLimitAdmitsEverything()
    {
        var sampler = new TraceSampler(SamplerKind.AlwaysOn, 1, 0, new ManualTime());
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(sampler.Admit()));
    }

    private static Sampler Sdk(SamplerKind kind, double ratio) => kind switch
    {
        SamplerKind.AlwaysOn => new AlwaysOnSampler(),
        SamplerKind.AlwaysOff => new AlwaysOffSampler(),
        SamplerKind.TraceIdRatio => new TraceIdRatioBasedSampler(ratio),
        SamplerKind.ParentBasedAlwaysOn => new ParentBasedSampler(new AlwaysOnSampler()),
        SamplerKind.ParentBasedAlwaysOff => new ParentBasedSampler(new AlwaysOffSampler()),
        _ => new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)),
    };
}
