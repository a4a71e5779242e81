namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>Tests that run a real HAProxy: one at a time, so the two cores are not shared by several proxies under load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HaproxyCollection
{
    public const string Name = "HAProxy";
}
