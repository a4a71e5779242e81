namespace SpoaOpenTracing.Cli.Options;

/// <summary>How <c>-l [MODE:]FILE</c> opens the log file.</summary>
internal enum LogFileMode
{
    /// <summary>No mode given: the file must not exist yet (O_EXCL).</summary>
    CreateNew,

    /// <summary><c>a</c>/<c>A</c>: append, creating the file when needed.</summary>
    Append,

    /// <summary><c>w</c>/<c>W</c>: truncate, creating the file when needed.</summary>
    Truncate,
}
