using System.Buffers;
using System.Net;
using System.Text;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Internal;

namespace SpoaOpenTracing.Tracing.Tests.Internal;

public sealed class ValueTextTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("127.0.0.1")]
    [InlineData("10.20.30.40")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("2001:db8::1")]
    [InlineData("fe80::1:2:3:4")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")]
    [InlineData("::ffff:255.255.255.255")]
    public void AddressIsWrittenAsIPAddressPrintsIt(string text)
    {
        var address = IPAddress.Parse(text);
        var value = SpopValue.FromAddress(address.GetAddressBytes());
        Span<byte> destination = stackalloc byte[ValueText.MaxAddressLength];

        var length = ValueText.FormatAddress(value, destination);

        Assert.Equal(address.ToString(), Encoding.ASCII.GetString(destination[..length]));
        Assert.Equal(value.ToString(), Encoding.ASCII.GetString(destination[..length]));
    }

    [Fact]
    public void AppendedAddressFollowsWhatIsAlreadyWritten()
    {
        var output = new ArrayBufferWriter<byte>();
        ValueText.AppendUtf8(output, SpopValue.FromString("client "u8));

        ValueText.AppendUtf8(output, SpopValue.FromAddress([192, 168, 0, 1]));

        Assert.Equal("client 192.168.0.1", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData(SpopDataType.Boolean, true)]
    [InlineData(SpopDataType.Int32, true)]
    [InlineData(SpopDataType.UInt64, true)]
    [InlineData(SpopDataType.String, false)]
    [InlineData(SpopDataType.IPv4, false)]
    [InlineData(SpopDataType.Null, false)]
    public void OnlyBooleansAndIntegersKeepTheirType(SpopDataType type, bool typed)
    {
        var value = type switch
        {
            SpopDataType.Boolean => SpopValue.FromBoolean(true),
            SpopDataType.Int32 => SpopValue.FromInt32(-7),
            SpopDataType.UInt64 => SpopValue.FromUInt64(7),
            SpopDataType.String => SpopValue.FromString("7"u8),
            SpopDataType.IPv4 => SpopValue.FromAddress([127, 0, 0, 1]),
            _ => SpopValue.Null,
        };

        Assert.Equal(typed, ValueText.IsTyped(value));
    }
}
