using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>One open span of a trace: its name (kept as UTF-8 for allocation-free lookups), where it hangs in the
/// tree, its inherited baggage, its id and, once started, the record it fills. Guarded by its trace's lock.</summary>
internal sealed class OpenSpan
{
    public OpenSpan(string name, byte[] nameUtf8, OpenSpan? parent, bool followsFrom)
    {
        Name = name;
        NameUtf8 = nameUtf8;
        Parent = parent;
        FollowsFrom = followsFrom;
    }

    public byte[] NameUtf8 { get; }

    public string Name { get; }

    /// <summary>The span this one was created under (child-of or follows-from); null for a root.</summary>
    public OpenSpan? Parent { get; }

    public bool FollowsFrom { get; }

    /// <summary>Set by <c>kind=</c> in the message that creates the span; fixed once started.</summary>
    public SpanKind Kind { get; set; } = SpanKind.Internal;

    /// <summary>Minted when the span starts; what <c>inject=</c> hands to HAProxy.</summary>
    public SpanId SpanId { get; set; }

    /// <summary>Null until started, and stays null when nothing would receive the span (exporter None, no listener).</summary>
    public SpanRecord? Record { get; set; }

    /// <summary>Baggage of this span: its own plus what its parent had when it was created. Replaced, never mutated,
    /// so children can share the array.</summary>
    public KeyValuePair<string, string>[] Baggage { get; set; } = [];

    /// <summary>Set while a message is collected; cleared when the message ends.</summary>
    public bool MarkedForFinish { get; set; }
}
