using System.Globalization;
using System.Text;
using SpoaOpenTracing.Cli.Options;

namespace SpoaOpenTracing.Cli.Logging;

/// <summary>The <c>-l [MODE:]FILE</c> log file, with the seed's start and stop markers.</summary>
internal static class LogFile
{
    private const UnixFileMode Mode0644 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <exception cref="IOException">The file cannot be opened, or exists while no mode was given.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission.</exception>
    public static StreamWriter Open(string path, LogFileMode mode, bool lineBuffered)
    {
        var options = new FileStreamOptions
        {
            Mode = mode switch
            {
                LogFileMode.Append => FileMode.Append,
                LogFileMode.Truncate => FileMode.Create,
                _ => FileMode.CreateNew,
            },
            Access = FileAccess.Write,
            Share = FileShare.Read,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode0644;
        }

        return new StreamWriter(path, new UTF8Encoding(false), options) { AutoFlush = lineBuffered };
    }

    public static string StartMarker(DateTime now) => Marker("start", now);

    public static string StopMarker(DateTime now) => Marker("stop ", now);

    private static string Marker(string what, DateTime now) =>
        $"--- {what} --- {now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} ---";
}
