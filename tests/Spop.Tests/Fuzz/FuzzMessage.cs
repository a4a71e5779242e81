using SpoaOpenTracing.Spop.Tests.Support;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>One generated NOTIFY message: a name and its (name, typed value) arguments.</summary>
internal sealed record FuzzMessage(string Name, (string Name, SpopValueBox Value)[] Arguments);
