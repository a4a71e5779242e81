namespace SpoaOpenTracing.Cli.Options;

/// <summary>A command line the program refuses; the message is printed as <c>ERROR: …</c> and the exit status is 64.</summary>
internal sealed class UsageException(string message) : Exception(message);
