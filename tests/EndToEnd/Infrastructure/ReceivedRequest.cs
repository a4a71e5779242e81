namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>What the <see cref="BackendServer"/> saw of one request; header names are case-insensitive.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
