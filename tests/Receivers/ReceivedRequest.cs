namespace SpoaOpenTracing.Tests.Receivers;

/// <summary>One HTTP request as a test server got it: headers by case-insensitive name, the body as sent (still
/// compressed when the client compressed it; empty where the server does not keep bodies).</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);
