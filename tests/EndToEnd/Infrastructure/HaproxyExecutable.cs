namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// The HAProxy the suite runs: <c>$HAPROXY</c> when set (to test against another build, e.g. 3.x), else the first
/// <c>haproxy</c> on PATH, then in /usr/sbin and /usr/local/sbin, where packages install it but a user's PATH often
/// does not look.
/// </summary>
internal static class HaproxyExecutable
{
    private const string Variable = "HAPROXY";
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private static readonly Lazy<string> s_fullPath = new(Find);

    public static string FullPath => s_fullPath.Value;

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            // Absolute: HAProxy runs in its own temp directory, where a relative path would not resolve.
            var full = Path.GetFullPath(configured);
            return IsExecutable(full)
                ? full
                : throw new FileNotFoundException($"{Variable}={configured} is not an executable file", full);
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin"])
            .Distinct()
            .ToList();
        return directories.Select(d => Path.Combine(d, "haproxy")).FirstOrDefault(IsExecutable)
            ?? throw new FileNotFoundException(
                $"haproxy not found in PATH, /usr/sbin or /usr/local/sbin (searched {string.Join(':', directories)}): "
                + $"set {Variable} to its path, or run scripts/ensure-haproxy.sh to install Debian's package");
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && Path.IsPathRooted(path) && File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;
}
