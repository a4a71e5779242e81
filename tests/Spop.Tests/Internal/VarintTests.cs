using System.Buffers;
using CsCheck;
using SpoaOpenTracing.Spop.Internal;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Internal;

public sealed class VarintTests
{
    // spop-protocol.md §1.6.
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(239UL, "ef")]
    [InlineData(240UL, "f000")]
    [InlineData(255UL, "ff00")]
    [InlineData(256UL, "f001")]
    [InlineData(1000UL, "f82f")]
    [InlineData(2287UL, "ff7f")]
    [InlineData(2288UL, "f08000")]
    [InlineData(16380UL, "fcf006")]
    [InlineData(53756UL, "fc9019")]
    [InlineData(65535UL, "fff01e")]
    [InlineData(4294967295UL, "fff0fefe7e")]
    [InlineData(4294967296UL, "f0f1fefe7e")]
    [InlineData(1099511627776UL, "f0f1fefefefe00")]
    [InlineData(ulong.MaxValue, "fff0fefefefefefefe0e")]
    public void EdgeValues_BothWays(ulong value, string hex)
    {
        var expected = Convert.FromHexString(hex);
        Span<byte> buffer = stackalloc byte[Varint.MaxLength];
        var written = Varint.Write(buffer, value);
        Assert.Equal(expected, buffer[..written].ToArray());
        Assert.Equal(expected.Length, Varint.GetLength(value));
        Assert.Equal(OperationStatus.Done, Varint.Decode(expected, out var decoded, out var consumed));
        Assert.Equal(expected.Length, consumed);
        Assert.Equal(value, decoded);

        for (var cut = 0; cut < expected.Length; cut++)
        {
            Assert.Equal(OperationStatus.NeedMoreData, Varint.Decode(expected.AsSpan(0, cut), out _, out var partial));
            Assert.Equal(0, partial);
        }
    }

    [Fact]
    public void ElevenBytes_AreMalformed()
    {
        byte[] eleven = [0xff, 0xf0, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0x0e];
        Assert.Equal(OperationStatus.InvalidData, Varint.Decode(eleven, out _, out _));
    }

    [Fact]
    public void RoundTrip_RandomValues() =>
        Gen.ULong.Sample(value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength];
            var written = Varint.Write(buffer, value);
            return written == Varint.GetLength(value)
                && Varint.Decode(buffer[..written], out var decoded, out var consumed) == OperationStatus.Done
                && consumed == written
                && decoded == value;
        }, iter: 100_000);
}
