using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.EndToEnd.Faults;

/// <summary>Messages in the opentracing grammar for the fault tests.</summary>
internal static class TraceMessages
{
    /// <summary>A whole one-span trace in one message: root span tagged <c>marker</c>, finished at once.</summary>
    public static void OneSpanTrace(MessageListWriter writer, string id, string marker) =>
        writer.BeginMessage("opentracing:fault", 5)
            .Argument("id", id)
            .Argument("span", "root")
            .Argument("tag", "marker")
            .Argument(string.Empty, marker)
            .Argument("finish", "*");

    /// <summary>Opens a root span (left open).</summary>
    public static void OpenRoot(MessageListWriter writer, string id) =>
        writer.BeginMessage("opentracing:open", 4)
            .Argument("id", id)
            .Argument("span", "root")
            .Argument("tag", "stage")
            .Argument(string.Empty, "open");

    public static void Child(MessageListWriter writer, string id, string name, string parent) =>
        writer.BeginMessage("opentracing:child", 3)
            .Argument("id", id)
            .Argument("span", name)
            .Argument("child-of", parent);

    public static void Finish(MessageListWriter writer, string id, string name) =>
        writer.BeginMessage("opentracing:finish", 2)
            .Argument("id", id)
            .Argument("finish", name);
}
