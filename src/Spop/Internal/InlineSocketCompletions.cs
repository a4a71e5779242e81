namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Makes .NET run socket completions on its epoll thread instead of queueing each one to the thread pool
/// (<see cref="SpopServerOptions.InlineSocketCompletions"/> says when that pays). The runtime has no per-socket or
/// AppContext setting for it: its socket engine reads this environment variable once, when the process starts its
/// first asynchronous socket operation, and the mode then holds for every socket of the process.
/// </summary>
internal static class InlineSocketCompletions
{
    public const string EnvironmentVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Sets the variable unless it is set already (a value the user set wins). True when this call set it.</summary>
    public static bool Enable()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is not null)
        {
            return false;
        }

        Environment.SetEnvironmentVariable(EnvironmentVariable, "1");
        return true;
    }
}
