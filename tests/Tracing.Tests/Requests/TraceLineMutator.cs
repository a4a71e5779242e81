namespace SpoaOpenTracing.Tracing.Tests.Requests;

/// <summary>
/// Mutates trace lines the way a cut, corrupted or hostile log stream would: bit flips, bytes that matter to the
/// grammar (space, quote, backslash, '=', '-', ';', NUL, 0xff, digits) inserted or overwritten, deletions, cuts,
/// duplicated and swapped stretches, and hand-written lines spliced in. Deterministic for a seed.
/// </summary>
internal sealed class TraceLineMutator
{
    private static readonly byte[] s_grammar = " \"\\=-;.0123456789abcdefu\0\xff\r\n\t"u8.ToArray();

    private readonly Random _random;
    private readonly byte[][] _seeds;

    public TraceLineMutator(int seed, IEnumerable<byte[]> seeds)
    {
        _random = new Random(seed);
        _seeds = seeds.ToArray();
    }

    public byte[] Next()
    {
        var line = new List<byte>(_seeds[_random.Next(_seeds.Length)]);
        var mutations = 1 + _random.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(line);
        }

        return line.ToArray();
    }

    private void Mutate(List<byte> line)
    {
        var at = line.Count == 0 ? 0 : _random.Next(line.Count);
        switch (_random.Next(8))
        {
            case 0 when line.Count > 0:
                line[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                line.Insert(at, s_grammar[_random.Next(s_grammar.Length)]);
                break;
            case 2 when line.Count > 0:
                line[at] = s_grammar[_random.Next(s_grammar.Length)];
                break;
            case 3 when line.Count > 0:
                line.RemoveRange(at, Math.Min(line.Count - at, 1 + _random.Next(8)));
                break;
            case 4:
                line.RemoveRange(at, line.Count - at);
                break;
            case 5 when line.Count > 0:
                var length = Math.Min(line.Count - at, 1 + _random.Next(40));
                line.InsertRange(_random.Next(line.Count), line.GetRange(at, length));
                break;
            case 6:
                var other = _seeds[_random.Next(_seeds.Length)];
                var from = _random.Next(other.Length);
                line.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + _random.Next(60))).ToArray());
                break;
            default:
                var bytes = new byte[1 + _random.Next(6)];
                _random.NextBytes(bytes);
                line.InsertRange(at, bytes);
                break;
        }
    }
}
