using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>The fuzz classes are the heaviest of the project (a hundred thousand streams each): one at a time, so
/// they do not starve the socket tests that run beside them.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzz";
}
