using System.Buffers;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>Builds multi-segment sequences, as Kestrel's BytePerSegmentTestSequenceFactory does.</summary>
internal static class Sequences
{
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlySpan<byte> data) => Split(data, 1);

    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, int segmentSize)
    {
        if (data.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i < data.Length; i += segmentSize)
        {
            var chunk = data.Slice(i, Math.Min(segmentSize, data.Length - i)).ToArray();
            var segment = new Segment(chunk, last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.SetNext(segment);
            }

            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
