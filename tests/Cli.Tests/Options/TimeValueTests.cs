using SpoaOpenTracing.Cli.Options;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Options;

public sealed class TimeValueTests
{
    private const ulong Max = 7 * TimeValue.Day;

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("5", 5_000UL)]
    [InlineData("5ms", 5_000UL)]
    [InlineData("7us", 7UL)]
    [InlineData("2s", 2_000_000UL)]
    [InlineData("3m", 180_000_000UL)]
    [InlineData("1h", 3_600_000_000UL)]
    [InlineData("1d", 86_400_000_000UL)]
    [InlineData("7d", 604_800_000_000UL)]
    [InlineData("  10s", 10_000_000UL)]
    [InlineData("+10s", 10_000_000UL)]
    [InlineData("-0", 0UL)]
    public void ParsesEveryUnit(string text, ulong expected) =>
        Assert.Equal(expected, TimeValue.Parse(text, 0, Max));

    [Theory]
    [InlineData("1.5s")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("5S")]
    [InlineData("5sec")]
    [InlineData("abc")]
    [InlineData("-")]
    public void RejectsBadFormat(string text)
    {
        var e = Assert.Throws<UsageException>(() => TimeValue.Parse(text, 0, Max));
        Assert.Equal($"invalid time format: '{text}'", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void RejectsEmpty(string? text)
    {
        var e = Assert.Throws<UsageException>(() => TimeValue.Parse(text, 0, Max));
        Assert.Equal("time not defined", e.Message);
    }

    [Theory]
    [InlineData("604800001ms")]
    [InlineData("8d")]
    [InlineData("-1")]
    [InlineData("-5s")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999999")]
    [InlineData("18446744073709551615d")]
    public void RejectsOutOfRangeAndOverflow(string text)
    {
        var e = Assert.Throws<UsageException>(() => TimeValue.Parse(text, 0, Max));
        Assert.Equal($"wrong amount of time (allowed range [0, 604800.00s]): '{text}'", e.Message);
    }

    [Fact]
    public void RangeEdgesAreInclusive()
    {
        Assert.Equal(TimeValue.Second, TimeValue.Parse("1s", TimeValue.Second, 3600 * TimeValue.Second));
        Assert.Equal(3600 * TimeValue.Second, TimeValue.Parse("1h", TimeValue.Second, 3600 * TimeValue.Second));
        var below = Assert.Throws<UsageException>(() => TimeValue.Parse("999ms", TimeValue.Second, 3600 * TimeValue.Second));
        Assert.Equal("wrong amount of time (allowed range [1000.00ms, 3600.00s]): '999ms'", below.Message);
        Assert.Throws<UsageException>(() => TimeValue.Parse("3600001", TimeValue.Second, 3600 * TimeValue.Second));
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1UL, "1us")]
    [InlineData(1000UL, "1000us")]
    [InlineData(1001UL, "1.00ms")]
    [InlineData(1_000_000UL, "1000.00ms")]
    [InlineData(1_500_000UL, "1.50s")]
    [InlineData(5_000_000UL, "5.00s")]
    public void FormatsLikeTheSeed(ulong microseconds, string expected) =>
        Assert.Equal(expected, TimeValue.Format(microseconds));
}
