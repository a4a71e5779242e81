using System.Globalization;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>The calling thread's nice value as the kernel reports it (Linux: field 19 of /proc/thread-self/stat).</summary>
internal static class ThreadNice
{
    public static int OfCurrentThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}
