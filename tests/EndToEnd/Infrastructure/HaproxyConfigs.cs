namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>Config text the harness's own HAProxy configs share (those of examples/ are loaded from their files).</summary>
internal static class HaproxyConfigs
{
    /// <summary>Logs to stdout (read by <see cref="HaproxyLog"/>), a stats socket for <see cref="StatsSocket"/>, HTTP
    /// defaults with short timeouts.</summary>
    public const string GlobalAndDefaults = """
        global
            log stdout format raw local0 info
            stats socket {{STATS_SOCKET}} mode 600 level admin

        defaults
            mode http
            log global
            option httplog
            timeout connect 2s
            timeout client 10s
            timeout server 10s

        """;
}
