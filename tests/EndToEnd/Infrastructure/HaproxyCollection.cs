namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// Tests that run a real HAProxy or load the machine (fault injection: servers, 1,000 sockets, thousands of NOTIFYs): one
/// at a time, so the two cores are not shared by several loads and no test's timing depends on another's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HaproxyCollection
{
    public const string Name = "HAProxy";
}
