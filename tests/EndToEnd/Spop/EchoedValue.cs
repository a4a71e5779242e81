using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.EndToEnd.Spop;

/// <summary>An argument as the agent received it: its SPOP type and <see cref="SpopValue.ToString"/> text.</summary>
internal sealed record EchoedValue(SpopDataType Type, string Text);
