using System.Text;
using SpoaOpenTracing.Tracing.Spans;
using Xunit;

namespace SpoaOpenTracing.Tracing.Tests.Spans;

/// <summary>W3C ids from hex: lowercase digits only, exact lengths, every byte value tried at every position.</summary>
public sealed class IdParsingTests
{
    private const string Span = "00f067aa0ba902b7";
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public void EveryByteValue_AtEveryPosition_IsAcceptedOnlyWhenALowercaseHexDigit()
    {
        for (var position = 0; position < Span.Length; position++)
        {
            for (var b = 0; b < 256; b++)
            {
                var hex = Encoding.ASCII.GetBytes(Span);
                hex[position] = (byte)b;
                var isDigit = b is >= '0' and <= '9' or >= 'a' and <= 'f';
                Assert.Equal(isDigit, SpanId.TryParse(hex, out var id));
                if (isDigit)
                {
                    Assert.Equal(Convert.ToUInt64(Encoding.ASCII.GetString(hex), 16), id.Value);
                }
            }
        }
    }

    [Fact]
    public void TraceIds_ParseBothHalves_AndRejectABadByteInEither()
    {
        Assert.True(TraceId.TryParse(Encoding.ASCII.GetBytes(Trace), out var id));
        Assert.Equal(Trace, id.ToString());
        foreach (var position in new[] { 0, 15, 16, 31 })
        {
            var hex = Encoding.ASCII.GetBytes(Trace);
            hex[position] = (byte)'A';
            Assert.False(TraceId.TryParse(hex, out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("00f067aa0ba902b")]
    [InlineData("00f067aa0ba902b70")]
    public void WrongLengths_AreRejected(string hex) => Assert.False(SpanId.TryParse(Encoding.ASCII.GetBytes(hex), out _));
}
