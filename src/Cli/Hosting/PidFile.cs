using System.Globalization;

namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>
/// The <c>-F</c> pidfile: created exclusively (O_EXCL) so a second instance with the same file fails, filled with
/// the PID once the agent runs, deleted at exit.
/// </summary>
internal sealed class PidFile : IDisposable
{
    private const UnixFileMode Mode0644 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private FileStream? _stream;

    private PidFile(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <exception cref="IOException">The file exists (another instance, or a stale file) or cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission.</exception>
    public static PidFile Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode0644;
        }

        return new PidFile(System.IO.Path.GetFullPath(path), new FileStream(path, options));
    }

    /// <summary>Takes over a pidfile the daemonizing parent created exclusively for this process.</summary>
    public static PidFile Adopt(string path) =>
        new(System.IO.Path.GetFullPath(path), new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read));

    public void Write(int pid)
    {
        var stream = _stream ?? throw new ObjectDisposedException(nameof(PidFile));
        stream.SetLength(0);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture) + "\n"));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Closes and deletes the file; the parent of a daemon calls it only when the child failed.</summary>
    public void Dispose()
    {
        if (_stream is null)
        {
            return;
        }

        _stream.Dispose();
        _stream = null;
        File.Delete(Path);
    }

    /// <summary>Closes without deleting: the file now belongs to the daemon child.</summary>
    public void Release()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
