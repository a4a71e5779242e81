namespace SpoaOpenTracing.Tracing.Tests.Requests;

/// <summary>The golden trace lines of Captures/haproxy26-trace-lines.txt (how they were made: Captures/README.md), by name.</summary>
internal static class TraceLineCaptures
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_lines = new(Load);

    public static IReadOnlyDictionary<string, string> All => s_lines.Value;

    public static string Line(string name) => All[name];

    public static byte[] Bytes(string name) => System.Text.Encoding.ASCII.GetBytes(All[name]);

    private static Dictionary<string, string> Load()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Requests", "Captures", "haproxy26-trace-lines.txt"));
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            byName.Add(lines[i].TrimStart('#', ' '), lines[i + 1]);
        }

        return byName;
    }
}
