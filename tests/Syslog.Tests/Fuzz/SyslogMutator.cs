using System.Text;
using SpoaOpenTracing.Syslog.Tests.Support;

namespace SpoaOpenTracing.Syslog.Tests.Fuzz;

/// <summary>Mutations of the captured HAProxy frames: bit flips, cuts, insertions and syntax bytes put where they hurt.</summary>
internal static class SyslogMutator
{
    /// <summary>Bytes the parsers branch on.</summary>
    private static readonly byte[] s_syntax = "<>[]\"\\ -:T0123456789\n\r"u8.ToArray();

    public static readonly byte[][] Seeds =
    [
        .. Captures.All.Where(c => !c.StartsWith("tcp-", StringComparison.Ordinal)).Select(Captures.Read),
        .. new[] { "<165>1 - h a p m [x@1 k=\"]\\\" [\"][y] msg", "<13>Feb  5 17:32:18 host app[12]: m", "<0>", "" }.Select(Encoding.UTF8.GetBytes),
    ];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2 when bytes.Count > 0:
                    bytes[at] = s_syntax[random.Next(s_syntax.Length)];
                    break;
                case 3:
                    bytes.Insert(at, s_syntax[random.Next(s_syntax.Length)]);
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Frames of one TCP stream in one framing, each mutated, and the stream itself mutated now and then.</summary>
    public static byte[] Stream(Random random, bool octetCounting)
    {
        var stream = new List<byte>();
        var frames = random.Next(1, 5);
        for (var f = 0; f < frames; f++)
        {
            var frame = random.Next(3) == 0 ? Seeds[random.Next(Seeds.Length)] : Mutate(Seeds[random.Next(Seeds.Length)], random);
            if (octetCounting)
            {
                var length = random.Next(8) == 0 ? frame.Length + random.Next(-3, 4) : frame.Length;
                stream.AddRange(Encoding.ASCII.GetBytes($"{length} "));
                stream.AddRange(frame);
            }
            else
            {
                stream.AddRange(frame);
                stream.Add((byte)'\n');
            }
        }

        return random.Next(4) == 0 ? Mutate([.. stream], random) : [.. stream];
    }
}
