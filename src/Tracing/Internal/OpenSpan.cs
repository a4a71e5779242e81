using System.Diagnostics;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>One open span of a trace: its name (kept as UTF-8 for allocation-free lookups), where it hangs in the
/// tree, its inherited baggage and, once started, the Activity. Guarded by its trace's lock.</summary>
internal sealed class OpenSpan
{
    public OpenSpan(ReadOnlySpan<byte> nameUtf8, OpenSpan? parent, bool followsFrom)
    {
        (Name, NameUtf8) = ConfigNames.Get(nameUtf8);
        Parent = parent;
        FollowsFrom = followsFrom;
    }

    public byte[] NameUtf8 { get; }

    public string Name { get; }

    /// <summary>The span this one was created under (child-of or follows-from); null for a root.</summary>
    public OpenSpan? Parent { get; }

    public bool FollowsFrom { get; }

    /// <summary>Set by <c>kind=</c> in the message that creates the span; fixed once started.</summary>
    public ActivityKind Kind { get; set; } = ActivityKind.Internal;

    /// <summary>Null until started, and stays null when no listener records spans (exporter None).</summary>
    public Activity? Activity { get; set; }

    /// <summary>Baggage of this span: its own plus what its parent had when it was created. Replaced, never mutated,
    /// so children can share the array.</summary>
    public KeyValuePair<string, string>[] Baggage { get; set; } = [];

    public int AttributeCount { get; set; }

    public int EventCount { get; set; }

    /// <summary>Set while a message is collected; cleared when the message ends.</summary>
    public bool MarkedForFinish { get; set; }
}
