using System.Text.Json;
using System.Text.RegularExpressions;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>The real frames of tests/Spop.Tests/Captures, copied beside the test assembly by the project file.</summary>
internal static partial class Captures
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Captures");
    private static readonly Lazy<IReadOnlyList<CaptureEntry>> s_entries = new(Load);

    public static IReadOnlyList<CaptureEntry> All => s_entries.Value;

    public static byte[] Bytes(string file) =>
        Convert.FromHexString(Whitespace().Replace(File.ReadAllText(Path.Combine(s_folder, file)), string.Empty));

    public static CaptureEntry Get(string file) => All.Single(e => e.File == file);

    public static IEnumerable<object[]> Files(string direction) =>
        All.Where(e => e.Direction == direction).Select(e => new object[] { e.File });

    private static IReadOnlyList<CaptureEntry> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_folder, "index.json")));
        return document.RootElement.EnumerateArray()
            .Select(e => new CaptureEntry(
                e.GetProperty("file").GetString()!,
                e.GetProperty("direction").GetString()!,
                e.GetProperty("decoded").Clone()))
            .ToList();
    }

    [GeneratedRegex("\\s")]
    private static partial Regex Whitespace();
}
