using System.Text;
using SpoaOpenTracing.Tracing.Propagation;

namespace SpoaOpenTracing.Tracing.Tests.Propagation;

public sealed class B3AndJaegerFormatTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", 0x80f198ee56343ba8UL, 0x64fe8b2a57d3eff7UL, true)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-0", 0x80f198ee56343ba8UL, 0x64fe8b2a57d3eff7UL, false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-d", 0x80f198ee56343ba8UL, 0x64fe8b2a57d3eff7UL, true)] // debug implies sampled
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1", 0x80f198ee56343ba8UL, 0x64fe8b2a57d3eff7UL, false)] // deferred
    [InlineData("64fe8b2a57d3eff7-e457b5a2e4d86bd1-1", 0UL, 0x64fe8b2a57d3eff7UL, true)] // 64-bit trace id
    public void B3SingleValid(string header, ulong high, ulong low, bool sampled)
    {
        Assert.True(B3Format.TryParseSingle(B(header), out var context));
        Assert.Equal((high, low, 0xe457b5a2e4d86bd1UL, sampled), (context.TraceHigh, context.TraceLow, context.SpanId, context.Sampled));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7")]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-2")]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd-1")]
    [InlineData("80f198ee56343ba864fe8b2a57d3ef-e457b5a2e4d86bd1-1")]
    [InlineData("00000000000000000000000000000000-e457b5a2e4d86bd1-1")]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-0000000000000000-1")]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b9")]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90-x")]
    [InlineData("zzf198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1")]
    public void B3SingleInvalid(string header) => Assert.False(B3Format.TryParseSingle(B(header), out _));

    [Theory]
    [InlineData("463ac35c9f6413ad48485a3953bb6124", "a2fb4a1d1a96d312", "1", "", true)]
    [InlineData("463ac35c9f6413ad", "a2fb4a1d1a96d312", "0", "", false)]
    [InlineData("463ac35c9f6413ad", "a2fb4a1d1a96d312", "true", "", true)]
    [InlineData("463ac35c9f6413ad", "a2fb4a1d1a96d312", "", "1", true)] // debug flag
    [InlineData("463ac35c9f6413ad", "a2fb4a1d1a96d312", "", "", false)] // deferred
    public void B3MultiValid(string traceId, string spanId, string sampled, string flags, bool expected)
    {
        Assert.True(B3Format.TryParseMulti(B(traceId), B(spanId), B(sampled), B(flags), out var context));
        Assert.Equal(expected, context.Sampled);
        Assert.Equal(0xa2fb4a1d1a96d312UL, context.SpanId);
    }

    [Theory]
    [InlineData("463ac35c9f6413ad", "", "1", "")]
    [InlineData("", "a2fb4a1d1a96d312", "1", "")]
    [InlineData("463ac35c9f6413a", "a2fb4a1d1a96d312", "1", "")]
    [InlineData("463ac35c9f6413ad", "a2fb4a1d1a96d312", "yes", "")]
    [InlineData("463ac35c9f6413ad", "a2fb4a1d1a96d312", "1", "2")]
    [InlineData("0000000000000000", "a2fb4a1d1a96d312", "1", "")]
    public void B3MultiInvalid(string traceId, string spanId, string sampled, string flags) =>
        Assert.False(B3Format.TryParseMulti(B(traceId), B(spanId), B(sampled), B(flags), out _));

    [Fact]
    public void B3WriteParsesBack()
    {
        var context = new RemoteContext(1, 2, 3, true);
        var buffer = new byte[B3Format.SingleLength];
        B3Format.WriteSingle(context, buffer);
        Assert.Equal("00000000000000010000000000000002-0000000000000003-1", Encoding.ASCII.GetString(buffer));
        Assert.True(B3Format.TryParseSingle(buffer, out var back));
        Assert.Equal(context, back);
    }

    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1", 0x4bf92f3577b34da6UL, 0xa3ce929d0e0e4736UL, 0x00f067aa0ba902b7UL, true)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736%3A00f067aa0ba902b7%3A0%3A1", 0x4bf92f3577b34da6UL, 0xa3ce929d0e0e4736UL, 0x00f067aa0ba902b7UL, true)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736%3a00f067aa0ba902b7%3a0%3a1", 0x4bf92f3577b34da6UL, 0xa3ce929d0e0e4736UL, 0x00f067aa0ba902b7UL, true)]
    [InlineData("a3ce929d0e0e4736:f067aa0ba902b7:0:0", 0UL, 0xa3ce929d0e0e4736UL, 0x00f067aa0ba902b7UL, false)] // 64-bit, short span id
    [InlineData("abc:def:123:3", 0UL, 0xabcUL, 0xdefUL, true)] // variable length; debug+sampled
    [InlineData("abc:def:0:2", 0UL, 0xabcUL, 0xdefUL, true)] // debug implies sampled
    public void JaegerValid(string header, ulong high, ulong low, ulong span, bool sampled)
    {
        Assert.True(JaegerFormat.TryParse(B(header), out var context));
        Assert.Equal(new RemoteContext(high, low, span, sampled), context);
    }

    [Theory]
    [InlineData("0:00f067aa0ba902b7:0:1")]
    [InlineData("4bf92f3577b34da6:0:0:1")]
    [InlineData("4bf92f3577b34da6:00f067aa0ba902b7:0")]
    [InlineData("4bf92f3577b34da6:00f067aa0ba902b7:0:1:9")]
    [InlineData("4bf92f3577b34da6:00f067aa0ba902b7:0:100")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e47361:00f067aa0ba902b7:0:1")] // 33 digits
    [InlineData("4bf92f3577b34da6%3B00f067aa0ba902b7%3A0%3A1")]
    [InlineData("xyz:00f067aa0ba902b7:0:1")]
    public void JaegerInvalid(string header) => Assert.False(JaegerFormat.TryParse(B(header), out _));

    [Fact]
    public void JaegerWriteParsesBack()
    {
        var context = new RemoteContext(0xaa, 0xbb, 0xcc, false);
        var buffer = new byte[JaegerFormat.Length];
        JaegerFormat.Write(context, buffer);
        Assert.Equal("00000000000000aa00000000000000bb:00000000000000cc:0:00", Encoding.ASCII.GetString(buffer));
        Assert.True(JaegerFormat.TryParse(buffer, out var back));
        Assert.Equal(context, back);
    }
}
