using SpoaOpenTracing.Tests.Shared;
using System.Buffers;
using CsCheck;
using SpoaOpenTracing.Spop.Tests.Support;
using SpoaOpenTracing.Syslog.Internal;

namespace SpoaOpenTracing.Syslog.Tests.Fuzz;

/// <summary>
/// Mutated frames through the header parser and mutated TCP streams through the framing and the parser, in random
/// chunkings: no exception escapes, every message field is a slice of its frame, no frame is over the limit and no
/// byte is consumed twice.
/// </summary>
internal static class SyslogFuzz
{
    private const int MaxFrame = 300;

    /// <summary>Runs <paramref name="inputs"/> cases (half frames, half streams); returns a summary line.</summary>
    public static string Run(long inputs)
    {
        long messages = 0, refused = 0, frames = 0, badFraming = 0;
        var seed = FuzzSettings.Seed;
        Gen.Select(Gen.Int, Gen.Bool).Sample((rngSeed, stream) =>
        {
            var random = new Random(rngSeed);
            if (!stream)
            {
                if (CheckFrame(SyslogMutator.Mutate(SyslogMutator.Seeds[random.Next(SyslogMutator.Seeds.Length)], random)))
                {
                    Interlocked.Increment(ref messages);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }

                return true;
            }

            var (count, broken) = CheckStream(SyslogMutator.Stream(random, random.Next(2) == 0), random);
            Interlocked.Add(ref frames, count);
            if (broken)
            {
                Interlocked.Increment(ref badFraming);
            }

            return true;
        }, iter: inputs, seed: seed);
        return $"syslog fuzz: {inputs:N0} inputs, 0 exceptions; frames: {messages:N0} parsed, {refused:N0} refused; "
            + $"streams: {frames:N0} frames cut, {badFraming:N0} closed for bad framing";
    }

    private static bool CheckFrame(ReadOnlySpan<byte> frame)
    {
        if (!SyslogHeader.TryParse(frame, out var m, out var error))
        {
            return error == SyslogFrameError.BadHeader ? false : throw new InvalidOperationException($"unexpected {error}");
        }

        foreach (var field in new[] { m.Timestamp.Length, m.Hostname.Length, m.AppName.Length, m.ProcId.Length, m.MessageId.Length, m.StructuredData.Length, m.Body.Length })
        {
            if (field > frame.Length)
            {
                throw new InvalidOperationException("a field longer than its frame");
            }
        }

        if (!m.Body.IsEmpty && !frame.Overlaps(m.Body))
        {
            throw new InvalidOperationException("the body is not a slice of the frame");
        }

        return true;
    }

    private static (int Frames, bool BadFraming) CheckStream(byte[] stream, Random random)
    {
        var decoder = new StreamFrameDecoder(MaxFrame);
        var pending = Array.Empty<byte>();
        var consumed = 0L;
        var count = 0;
        for (var offset = 0; offset < stream.Length;)
        {
            var chunk = Math.Min(random.Next(1, 200), stream.Length - offset);
            var bytes = pending.Concat(stream.Skip(offset).Take(chunk)).ToArray();
            offset += chunk;
            var buffer = random.Next(2) == 0 ? new ReadOnlySequence<byte>(bytes) : Sequences.Split(bytes, random.Next(1, 50));
            var length = buffer.Length;
            while (true)
            {
                var result = decoder.TryRead(ref buffer, out var frame);
                if (result == StreamFrameResult.BadFraming)
                {
                    return (count, true);
                }

                if (result == StreamFrameResult.NeedMore)
                {
                    break;
                }

                if (result == StreamFrameResult.Frame)
                {
                    if (frame.Length > MaxFrame)
                    {
                        throw new InvalidOperationException("a frame over the limit");
                    }

                    CheckFrame(frame.ToArray());
                    count++;
                }
            }

            consumed += length - buffer.Length;
            pending = buffer.ToArray();
        }

        if (consumed + pending.Length != stream.Length)
        {
            throw new InvalidOperationException("bytes consumed twice or lost");
        }

        return (count, false);
    }
}
