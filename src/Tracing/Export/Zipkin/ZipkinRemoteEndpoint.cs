using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Export.Zipkin;

/// <summary>
/// The <c>remoteEndpoint</c> service name of a CLIENT or PRODUCER span, from its attributes in the order the
/// OpenTelemetry SDK's Zipkin exporter tries them (the OTel spec's Zipkin mapping). Only string attributes count,
/// as in the SDK: a numeric port is not appended.
/// </summary>
internal static class ZipkinRemoteEndpoint
{
    private static readonly string[] s_before = ["peer.service", "server.address", "net.peer.name"];
    private static readonly string[] s_after = ["net.sock.peer.name"];
    private static readonly string[] s_last = ["peer.hostname", "peer.address", "db.name"];

    /// <summary>The name itself, or an address and a port to be joined with ':' (<paramref name="port"/> null when
    /// there is none).</summary>
    public static bool TryFind(SpanRecord span, out string name, out string? port)
    {
        port = null;
        if (span.Kind is not (SpanKind.Client or SpanKind.Producer))
        {
            name = string.Empty;
            return false;
        }

        var attributes = span.Attributes;
        return FirstOf(attributes, s_before, out name)
            || AddressAndPort(attributes, "network.peer.address", "network.peer.port", out name, out port)
            || FirstOf(attributes, ["server.socket.domain"], out name)
            || AddressAndPort(attributes, "server.socket.address", "server.socket.port", out name, out port)
            || FirstOf(attributes, s_after, out name)
            || AddressAndPort(attributes, "net.sock.peer.addr", "net.sock.peer.port", out name, out port)
            || FirstOf(attributes, s_last, out name);
    }

    private static bool FirstOf(ReadOnlySpan<SpanAttribute> attributes, ReadOnlySpan<string> keys, out string value)
    {
        foreach (var key in keys)
        {
            if (TryGetString(attributes, key, out value))
            {
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    private static bool AddressAndPort(ReadOnlySpan<SpanAttribute> attributes, string addressKey, string portKey, out string address, out string? port)
    {
        port = null;
        if (!TryGetString(attributes, addressKey, out address) || address.Length == 0)
        {
            return false;
        }

        if (TryGetString(attributes, portKey, out var text) && text.Length > 0)
        {
            port = text;
        }

        return true;
    }

    private static bool TryGetString(ReadOnlySpan<SpanAttribute> attributes, string key, out string value)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Value.Type == AttributeType.String && string.Equals(attribute.Key, key, StringComparison.Ordinal))
            {
                value = attribute.Value.String;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }
}
