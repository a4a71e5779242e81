namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary><c>haproxy -c</c> rejected a rendered config; the message carries the checker's output and the config.</summary>
internal sealed class HaproxyConfigException(int exitCode, string checkerOutput, string config)
    : Exception($"haproxy -c exited with {exitCode}:\n{checkerOutput}\n--- config ---\n{config}")
{
    public string CheckerOutput { get; } = checkerOutput;
}
