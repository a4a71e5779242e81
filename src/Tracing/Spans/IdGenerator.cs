using System.Numerics;
using System.Security.Cryptography;

namespace SpoaOpenTracing.Tracing.Spans;

/// <summary>
/// Mints W3C-valid ids (never all zero) with xoshiro256** per thread, seeded from the OS's random source. Ids must be
/// unique, not secret (W3C trace context allows any random source), and a cryptographic generator per span id was a
/// measurable share of the per-request cost.
/// </summary>
internal static class IdGenerator
{
    [ThreadStatic]
    private static State? t_state;

    public static SpanId NewSpanId()
    {
        var state = t_state ??= new State();
        ulong value;
        do
        {
            value = state.Next();
        }
        while (value == 0);

        return new SpanId(value);
    }

    public static TraceId NewTraceId()
    {
        var state = t_state ??= new State();
        TraceId id;
        do
        {
            id = new TraceId(state.Next(), state.Next());
        }
        while (!id.IsValid);

        return id;
    }

    private sealed class State
    {
        private ulong _s0, _s1, _s2, _s3;

        public State()
        {
            Span<ulong> seed = stackalloc ulong[4];
            do
            {
                RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(seed));
            }
            while ((seed[0] | seed[1] | seed[2] | seed[3]) == 0);

            (_s0, _s1, _s2, _s3) = (seed[0], seed[1], seed[2], seed[3]);
        }

        public ulong Next()
        {
            var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }
    }
}
