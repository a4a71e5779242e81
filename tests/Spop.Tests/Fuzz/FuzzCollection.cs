using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>The fuzz classes share the default ActivitySource name through their engines: run them one at a time,
/// so each engine's SDK sees only its own spans.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzz";
}
