using System.Globalization;

namespace SpoaOpenTracing.Bench.SpopLoad;

/// <summary>CPU time and peak RSS of a process, from /proc (Linux only).</summary>
internal static class ProcessStats
{
    private static readonly double s_ticksPerSecond = 100.0; // USER_HZ; 100 on every Linux this runs on

    /// <summary>utime + stime in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may contain spaces: fields are counted after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / s_ticksPerSecond;
    }

    /// <summary>VmHWM in MiB, or -1 when the process is gone.</summary>
    public static double PeakRssMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }
}
