namespace SpoaOpenTracing.Syslog.Tests.Support;

/// <summary>The frames HAProxy 2.6 sent, from <c>Captures/</c> (copied beside the test assembly; see its README).</summary>
internal static class Captures
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Captures", name + ".syslog"));

    public static IEnumerable<string> All =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Captures"), "*.syslog").Select(Path.GetFileNameWithoutExtension)!;
}
