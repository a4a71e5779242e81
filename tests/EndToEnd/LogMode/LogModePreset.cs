using System.Text.RegularExpressions;

namespace SpoaOpenTracing.EndToEnd.LogMode;

/// <summary>
/// examples/haproxy-logs.cfg as shipped, with its addresses moved and, for TCP, the change its comments tell the
/// operator to make: the ring section uncommented, the frontend's `log ring@trace-ring` line in place of the UDP one.
/// Every replaced text must be there, so a changed preset fails loudly.
/// </summary>
internal static partial class LogModePreset
{
    public const string FrontendAddress = "127.0.0.1:10080";
    public const string BackendAddress = "127.0.0.1:8000";
    public const string UdpLogLine = "    log 127.0.0.1:5140 len 8192 format rfc5424 local0 info";
    public const string RingLogLine = "    #log ring@trace-ring len 8192 format rfc5424 local0 info";
    public const string RingServer = "#    server agent-1 127.0.0.1:5141";
    public const string SampleRatio = "presetenv TRACE_SAMPLE_PER_MILLION 1000000";

    public static string Text { get; } = File.ReadAllText(Path.Combine(Tracing.ExampleConfig.ExamplesDirectory, "haproxy-logs.cfg"));

    public static string Udp(int frontendPort, int backendPort, int logPort, params (string From, string To)[] edits) =>
        Tracing.ExampleConfig.Edit(Common(frontendPort, backendPort, edits), (UdpLogLine, UdpLogLine.Replace(":5140", $":{logPort}", StringComparison.Ordinal)));

    public static string Tcp(int frontendPort, int backendPort, int logPort, params (string From, string To)[] edits)
    {
        var text = Tracing.ExampleConfig.Edit(Common(frontendPort, backendPort, edits), (RingServer, RingServer.Replace(":5141", $":{logPort}", StringComparison.Ordinal)),
            (UdpLogLine, UdpLogLine.Replace("log ", "#log ", StringComparison.Ordinal)), (RingLogLine, RingLogLine.Replace("#log", "log", StringComparison.Ordinal)));
        var ring = RingBlock().Match(text);
        if (!ring.Success)
        {
            throw new InvalidOperationException("the log-mode preset no longer has its tcp ring block");
        }

        // Uncomment the section: "#ring" and "#    option" lines lose their '#', the comments inside stay comments.
        var section = UncommentLine().Replace(ring.Groups["body"].Value, "$1");
        return text.Replace(ring.Groups["body"].Value, section, StringComparison.Ordinal);
    }

    private static string Common(int frontendPort, int backendPort, (string From, string To)[] edits) =>
        Tracing.ExampleConfig.Edit(Tracing.ExampleConfig.Edit(Text, (FrontendAddress, $"127.0.0.1:{frontendPort}"), (BackendAddress, $"127.0.0.1:{backendPort}")), edits);

    [GeneratedRegex(@"# ---- BEGIN tcp ring ----\n(?<body>.*?)# ---- END tcp ring ----", RegexOptions.Singleline)]
    private static partial Regex RingBlock();

    [GeneratedRegex(@"(?m)^#(ring |    (?!#))")]
    private static partial Regex UncommentLine();
}
