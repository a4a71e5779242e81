using Google.Protobuf;
using SpoaOpenTracing.Tracing.Export.Otlp;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed class ProtobufWriterTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(16_383UL, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384UL, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(uint.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void VarintsAreLittleEndianGroupsOfSevenBits(ulong value, byte[] expected)
    {
        var writer = new ProtobufWriter(1);
        writer.Reset();

        writer.WriteVarint(value);

        Assert.Equal(expected, writer.Written.ToArray());
        Assert.Equal(value, new CodedInputStream(expected).ReadUInt64());
    }

    [Fact]
    public void NegativeIntsTakeTenBytesAsProtobufsInt64Does()
    {
        var writer = new ProtobufWriter();
        writer.Reset();

        writer.WriteVarintField(3, unchecked((ulong)-7L));

        var input = new CodedInputStream(writer.Written.ToArray());
        Assert.Equal(WireFormat.MakeTag(3, WireFormat.WireType.Varint), input.ReadTag());
        Assert.Equal(-7L, input.ReadInt64());
        Assert.Equal(11, writer.Position);
    }

    [Fact]
    public void FixedWidthValuesAreLittleEndian()
    {
        var writer = new ProtobufWriter();
        writer.Reset();

        writer.WriteFixed64Field(7, 0x0102030405060708);
        writer.WriteFixed32Field(16, 0x301);

        Assert.Equal(new byte[] { 0x39, 8, 7, 6, 5, 4, 3, 2, 1, 0x85, 0x01, 0x01, 0x03, 0, 0 }, writer.Written.ToArray());
    }

    [Fact]
    public void DefaultValuesAreOmittedAndRawStringsAreNot()
    {
        var writer = new ProtobufWriter();
        writer.Reset();

        writer.WriteVarintField(1, 0);
        writer.WriteFixed32Field(2, 0);
        writer.WriteFixed64Field(3, 0);
        writer.WriteStringField(4, "");
        writer.WriteStringField(5, null);
        Assert.Equal(0, writer.Position);

        writer.WriteStringRaw(1, "");
        Assert.Equal(new byte[] { 0x0A, 0x00 }, writer.Written.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(41)]
    [InlineData(42)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(70_000)]
    public void StringsOfEveryLengthClassRoundTrip(int length)
    {
        // Three-byte characters: the short path's bound (three bytes a character) is met exactly.
        var value = string.Concat(Enumerable.Repeat("€", length / 3)) + new string('a', length % 3);
        var writer = new ProtobufWriter(16);
        writer.Reset();

        writer.WriteStringRaw(1, value);

        var input = new CodedInputStream(writer.Written.ToArray());
        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), input.ReadTag());
        Assert.Equal(value, input.ReadString());
        Assert.True(input.IsAtEnd);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_384)]
    [InlineData(1_000_000)]
    public void NestedMessagesOfAnyLengthDecode(int contentLength)
    {
        var writer = new ProtobufWriter(8);
        writer.Reset();
        var outer = writer.BeginMessage(1);
        var inner = writer.BeginMessage(2);
        writer.WriteBytesField(3, contentLength).Fill(0x5A);
        writer.EndMessage(inner);
        writer.WriteVarintField(4, 99);
        writer.EndMessage(outer);

        var request = ProtoMessage.Decode(writer.Written.Span, "Outer");
        var outerBytes = Assert.Single(request.Fields).Bytes!;
        var outerFields = ProtoMessage.Decode(outerBytes, "Outer").Fields;
        Assert.Equal([2, 4], outerFields.Select(f => f.Number));
        Assert.Equal(99UL, outerFields[1].Scalar);
        var content = Assert.Single(ProtoMessage.Decode(outerFields[0].Bytes!, "Inner").Fields).Bytes!;
        Assert.Equal(contentLength, content.Length);
        Assert.All(content, b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void AOneByteLengthRefusesContentOf128Bytes()
    {
        var writer = new ProtobufWriter();
        writer.Reset();
        var fits = writer.BeginMessage(1, lengthBytes: 1);
        writer.WriteBytesField(2, 125);
        writer.EndMessage(fits);
        var tooLong = writer.BeginMessage(1, lengthBytes: 1);
        writer.WriteBytesField(2, 126);

        Assert.Throws<InvalidOperationException>(() => writer.EndMessage(tooLong));
    }

    [Fact]
    public void ResetStartsOverInTheGrownBuffer()
    {
        var writer = new ProtobufWriter(64);
        writer.WriteStringRaw(1, new string('z', 1_000));
        var grown = writer.Capacity;

        writer.Reset();
        writer.WriteVarintField(2, 1);

        Assert.Equal(grown, writer.Capacity);
        Assert.Equal(new byte[] { 0x10, 0x01 }, writer.Written.ToArray());
    }
}
