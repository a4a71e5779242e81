namespace SpoaOpenTracing.EndToEnd.Tracing;

/// <summary>
/// The shipped <c>examples/haproxy.cfg</c> and <c>examples/spoe.cfg</c>, read from the repository and changed only by
/// textual replacement of their addresses (and the few knobs a test names), so the tests exercise the real files.
/// </summary>
internal static class ExampleConfig
{
    public const string FrontendAddress = "127.0.0.1:10080";
    public const string BackendAddress = "127.0.0.1:8000";
    public const string AgentAddress = "127.0.0.1:12345";
    public const string StatsAddress = "127.0.0.1:8001";

    public static string ExamplesDirectory { get; } = FindExamples();

    /// <summary>haproxy.cfg and spoe.cfg with the ports replaced; <paramref name="haproxyEdits"/> are further
    /// exact-text replacements in haproxy.cfg. Every replaced text must be present, so a changed example fails loudly.</summary>
    public static Dictionary<string, string> Load(int frontendPort, int backendPort, int agentPort, int statsPort,
        params (string From, string To)[] haproxyEdits)
    {
        var haproxy = File.ReadAllText(Path.Combine(ExamplesDirectory, "haproxy.cfg"));
        haproxy = Replace(haproxy, FrontendAddress, $"127.0.0.1:{frontendPort}");
        haproxy = Replace(haproxy, BackendAddress, $"127.0.0.1:{backendPort}");
        haproxy = Replace(haproxy, AgentAddress, $"127.0.0.1:{agentPort}");
        haproxy = Replace(haproxy, StatsAddress, $"127.0.0.1:{statsPort}");
        foreach (var (from, to) in haproxyEdits)
        {
            haproxy = Replace(haproxy, from, to);
        }

        // spoe.cfg as shipped: its timeout processing (100ms) is the budget HAProxy gives each event, first one included.
        var spoe = File.ReadAllText(Path.Combine(ExamplesDirectory, "spoe.cfg"));
        return new Dictionary<string, string> { ["haproxy.cfg"] = haproxy, ["spoe.cfg"] = spoe };
    }

    private static string Replace(string text, string from, string to) => Edit(text, (from, to));

    /// <summary>Exact-text replacements in an example's text; each text must be there, so a changed example fails loudly.</summary>
    public static string Edit(string text, params (string From, string To)[] edits)
    {
        foreach (var (from, to) in edits)
        {
            text = text.Contains(from, StringComparison.Ordinal)
                ? text.Replace(from, to, StringComparison.Ordinal)
                : throw new InvalidOperationException($"the example config no longer contains '{from}'");
        }

        return text;
    }

    private static string FindExamples()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SpoaOpenTracing.slnx")))
            {
                return Path.Combine(directory.FullName, "examples");
            }
        }

        throw new InvalidOperationException($"no SpoaOpenTracing.slnx above {AppContext.BaseDirectory}");
    }
}
