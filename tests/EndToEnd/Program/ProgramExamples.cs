using SpoaOpenTracing.EndToEnd.Tracing;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>
/// The shipped HAProxy variants (<c>haproxy-mw.cfg</c>, <c>haproxy-htx.cfg</c>) with <c>spoe.cfg</c>, changed only by
/// exact-text replacement of their loopback ports and the few lines a test names, so the tests run the real files.
/// </summary>
internal static class ProgramExamples
{
    public const string MasterWorker = "haproxy-mw.cfg";
    public const string Https = "haproxy-htx.cfg";
    public const string HttpsAddress = "127.0.0.1:10443";

    /// <summary>The example's agent command up to its tracer options, as shipped (relative to examples/).</summary>
    public const string MasterWorkerCommand = "../out/spoa-opentracing -r0 -a127.0.0.1 -p12345 -Ccfg-jaeger.yml -Tlibjaeger_opentracing_plugin-0.4.2.so";

    /// <summary><paramref name="name"/> and spoe.cfg; every <paramref name="edits"/> text must be present.</summary>
    public static Dictionary<string, string> Load(string name, int frontendPort, int backendPort, int agentPort, params (string From, string To)[] edits)
    {
        var haproxy = File.ReadAllText(Path.Combine(ExampleConfig.ExamplesDirectory, name));
        haproxy = Replace(haproxy, ExampleConfig.FrontendAddress, $"127.0.0.1:{frontendPort}");
        haproxy = Replace(haproxy, ExampleConfig.BackendAddress, $"127.0.0.1:{backendPort}");
        haproxy = Replace(haproxy, ExampleConfig.StatsAddress, $"127.0.0.1:{Infrastructure.Ports.GetFreeTcpPort()}");
        haproxy = Replace(haproxy, ExampleConfig.AgentAddress, $"127.0.0.1:{agentPort}");
        foreach (var (from, to) in edits)
        {
            haproxy = Replace(haproxy, from, to);
        }

        // spoe.cfg exactly as the issue-3 tests use it: as shipped, ports aside.
        var spoe = ExampleConfig.Load(frontendPort, backendPort, agentPort, 0)["spoe.cfg"];
        return new Dictionary<string, string> { [name] = haproxy, ["spoe.cfg"] = spoe };
    }

    public static string Replace(string text, string from, string to) =>
        text.Contains(from, StringComparison.Ordinal)
            ? text.Replace(from, to, StringComparison.Ordinal)
            : throw new InvalidOperationException($"the example no longer contains '{from}'");
}
