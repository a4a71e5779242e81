namespace SpoaOpenTracing.Tracing.Propagation;

/// <summary>Reads and writes the <c>OTEL_PROPAGATORS</c> list (<c>tracecontext,baggage,b3,b3multi,jaeger</c>, or <c>none</c>).</summary>
internal static class PropagatorList
{
    /// <summary>The OpenTelemetry default: <c>tracecontext,baggage</c>.</summary>
    public const Propagators Default = Propagators.TraceContext | Propagators.Baggage;

    private static readonly (string Name, Propagators Value)[] Names =
    [
        ("tracecontext", Propagators.TraceContext),
        ("baggage", Propagators.Baggage),
        ("b3", Propagators.B3),
        ("b3multi", Propagators.B3Multi),
        ("jaeger", Propagators.Jaeger),
    ];

    /// <summary>Parses a comma-separated list (case-insensitive, duplicates allowed); <c>none</c> alone disables everything.</summary>
    /// <exception cref="FormatException">An empty list, an unknown name, or <c>none</c> mixed with others.</exception>
    public static Propagators Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            throw new FormatException("expected a comma-separated list of tracecontext, baggage, b3, b3multi, jaeger, or none");
        }

        var result = Propagators.None;
        var sawNone = false;
        foreach (var item in items)
        {
            if (item.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                sawNone = true;
                continue;
            }

            var index = Array.FindIndex(Names, n => n.Name.Equals(item, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new FormatException($"unsupported propagator '{item}' (supported: tracecontext, baggage, b3, b3multi, jaeger, none)");
            }

            result |= Names[index].Value;
        }

        if (sawNone && result != Propagators.None)
        {
            throw new FormatException("'none' cannot be combined with other propagators");
        }

        return result;
    }

    /// <summary>The list as <c>OTEL_PROPAGATORS</c> spells it (<c>none</c> when empty).</summary>
    public static string Format(Propagators value)
    {
        var names = Names.Where(n => (value & n.Value) != 0).Select(n => n.Name).ToArray();
        return names.Length == 0 ? "none" : string.Join(',', names);
    }
}
