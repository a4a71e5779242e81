namespace SpoaOpenTracing.Cli;

/// <summary>The seed's exit statuses (sysexits.h where it used them), kept so scripts and supervisors see the same codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>EX_USAGE: a bad option or value.</summary>
    public const int Usage = 64;

    /// <summary>EX_SOFTWARE: the seed's code for socket (listen, bind) failures.</summary>
    public const int Software = 70;

    /// <summary>The seed's internal -1: pidfile, logfile or tracer initialisation failed.</summary>
    public const int Failure = 255;

    /// <summary>A second stop signal arrived during the graceful stop: exit at once, without draining.</summary>
    public const int Aborted = 1;
}
