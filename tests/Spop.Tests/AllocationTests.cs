using System.Buffers;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using Xunit;
using SpoaOpenTracing.Tests.Shared;

namespace SpoaOpenTracing.Spop.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void DecodingACapturedNotify_AllocatesNothing()
    {
        var bytes = Captures.Bytes("haproxy26-notify-request-multi.hex");
        var sum = Decode(bytes);
        for (var i = 0; i < 1000; i++)
        {
            sum += Decode(bytes);
        }

        var allocated = Allocations.SteadyState(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                sum += Decode(bytes);
            }
        });

        Assert.Equal(0, allocated);
        Assert.NotEqual(0L, sum);
    }

    private static long Decode(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        FrameReader.TryReadFrame(ref buffer, 16384, out var header, out var payload);
        var span = payload.FirstSpan;
        long sum = (long)header.FrameId + MessageListReader.Validate(span);
        var reader = new MessageListReader(span);
        while (reader.TryReadMessage(out var message))
        {
            foreach (var argument in message.Arguments)
            {
                sum += argument.Name.Length + (long)argument.Value.Type + argument.Value.Int64 + argument.Value.Bytes.Length;
            }
        }

        return sum;
    }
}
