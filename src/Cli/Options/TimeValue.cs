using System.Globalization;

namespace SpoaOpenTracing.Cli.Options;

/// <summary>
/// The seed's time syntax for <c>-i -r -t</c> and our time options: an unsigned decimal integer and an optional
/// case-sensitive unit (<c>us</c>, <c>ms</c> = the default, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>). Values are kept in
/// microseconds, as the seed does, and printed the way its help and errors print them.
/// </summary>
internal static class TimeValue
{
    public const ulong Microsecond = 1;
    public const ulong Millisecond = 1_000;
    public const ulong Second = 1_000_000;
    public const ulong Minute = 60 * Second;
    public const ulong Hour = 60 * Minute;
    public const ulong Day = 24 * Hour;

    /// <summary>Parses <paramref name="text"/> and checks it against [<paramref name="min"/>, <paramref name="max"/>] µs.</summary>
    /// <exception cref="UsageException">With the seed's message for empty, malformed or out-of-range input.</exception>
    public static ulong Parse(string? text, ulong min, ulong max)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new UsageException("time not defined");
        }

        var span = text.AsSpan().TrimStart();
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits]))
        {
            digits++;
        }

        if (digits == 0)
        {
            throw new UsageException($"invalid time format: '{text}'");
        }

        var multiplier = span[digits..] switch
        {
            "" or "ms" => Millisecond,
            "us" => Microsecond,
            "s" => Second,
            "m" => Minute,
            "h" => Hour,
            "d" => Day,
            _ => throw new UsageException($"invalid time format: '{text}'"),
        };

        // strtoull: a minus sign negates modulo 2^64, so "-1" becomes huge and fails the range check below.
        if (!ulong.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || (negative && number != 0)
            || number > ulong.MaxValue / multiplier
            || number * multiplier < min
            || number * multiplier > max)
        {
            throw new UsageException($"wrong amount of time (allowed range [{Format(min)}, {Format(max)}]): '{text}'");
        }

        return number * multiplier;
    }

    public static TimeSpan ToTimeSpan(ulong microseconds) => TimeSpan.FromMicroseconds(microseconds);

    /// <summary>The seed's pretty-printer: over 1 s as <c>%.2fs</c>, over 1 ms as <c>%.2fms</c>, else <c>&lt;n&gt;us</c>, and <c>0</c>.</summary>
    public static string Format(ulong microseconds) => microseconds switch
    {
        > Second => (microseconds / (double)Second).ToString("F2", CultureInfo.InvariantCulture) + "s",
        > Millisecond => (microseconds / (double)Millisecond).ToString("F2", CultureInfo.InvariantCulture) + "ms",
        > 0 => microseconds.ToString(CultureInfo.InvariantCulture) + "us",
        _ => "0",
    };

    public static string Format(TimeSpan time) => Format((ulong)(time.Ticks / TimeSpan.TicksPerMicrosecond));
}
