namespace SpoaOpenTracing.EndToEnd.Tracing;

/// <summary>
/// The presets where HAProxy mints the trace context (log mode, one exchange) share one block of rules, byte for byte
/// (the agent reads the same variables from both): every example that has the block has the same one.
/// </summary>
public sealed class TraceContextBlockTests
{
    private const string Begin = "    # ---- BEGIN trace context (identical in haproxy-logs.cfg and haproxy-oneshot.cfg) ----\n";
    private const string End = "    # ---- END trace context ----\n";

    [Fact]
    public void Every_preset_with_the_trace_context_block_has_the_same_block()
    {
        var blocks = Directory.GetFiles(ExampleConfig.ExamplesDirectory, "*.cfg")
            .Select(path => (File: Path.GetFileName(path), Text: File.ReadAllText(path)))
            .Where(f => f.Text.Contains("BEGIN trace context", StringComparison.Ordinal))
            .ToDictionary(f => f.File, f => Block(f.File, f.Text));

        Assert.Equal(["haproxy-logs.cfg", "haproxy-oneshot.cfg"], blocks.Keys.Order(StringComparer.Ordinal));
        Assert.Single(blocks.Values.Distinct(StringComparer.Ordinal));
    }

    private static string Block(string file, string text)
    {
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{file}: the BEGIN line, then the END line");
        Assert.Equal(start, text.LastIndexOf(Begin, StringComparison.Ordinal));
        Assert.Equal(end, text.LastIndexOf(End, StringComparison.Ordinal));
        return text[start..(end + End.Length)];
    }
}
