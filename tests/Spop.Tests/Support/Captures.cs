using System.Text.Json;
using System.Text.RegularExpressions;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>The real frames of /work/shared/spop-captures (the repo is cloned with <c>shared/</c> beside it).</summary>
internal static partial class Captures
{
    private static readonly Lazy<string> s_folder = new(FindFolder);
    private static readonly Lazy<IReadOnlyList<CaptureEntry>> s_entries = new(Load);

    public static IReadOnlyList<CaptureEntry> All => s_entries.Value;

    public static byte[] Bytes(string file) =>
        Convert.FromHexString(Whitespace().Replace(File.ReadAllText(Path.Combine(s_folder.Value, file)), string.Empty));

    public static CaptureEntry Get(string file) => All.Single(e => e.File == file);

    public static IEnumerable<object[]> Files(string direction) =>
        All.Where(e => e.Direction == direction).Select(e => new object[] { e.File });

    private static IReadOnlyList<CaptureEntry> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_folder.Value, "index.json")));
        return document.RootElement.EnumerateArray()
            .Select(e => new CaptureEntry(
                e.GetProperty("file").GetString()!,
                e.GetProperty("direction").GetString()!,
                e.GetProperty("decoded").Clone()))
            .ToList();
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "spop-captures");
            if (File.Exists(Path.Combine(candidate, "index.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/spop-captures not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("\\s")]
    private static partial Regex Whitespace();
}
