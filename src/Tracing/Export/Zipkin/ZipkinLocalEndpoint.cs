using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.Tracing.Export.Zipkin;

/// <summary>
/// Zipkin's <c>localEndpoint</c>: the service name and this host's first IPv4 and IPv6 addresses, found as the
/// OpenTelemetry SDK's Zipkin exporter finds them (its host's DNS name, then that name's addresses), so that a
/// collector sees the same endpoint from us as from the SDK.
/// </summary>
internal sealed record ZipkinLocalEndpoint(string ServiceName, string? Ipv4, string? Ipv6)
{
    /// <summary>Does DNS look-ups: call it on the export thread, not at startup or on an ACK path.</summary>
    public static ZipkinLocalEndpoint Resolve(string serviceName)
    {
        if (string.IsNullOrEmpty(serviceName))
        {
            // The SDK's default resource names an unnamed service so.
            serviceName = "unknown_service:" + Process.GetCurrentProcess().ProcessName;
        }

        var hostName = HostName();
        return hostName is null
            ? new ZipkinLocalEndpoint(serviceName, null, null)
            : new ZipkinLocalEndpoint(serviceName, Address(hostName, AddressFamily.InterNetwork), Address(hostName, AddressFamily.InterNetworkV6));
    }

    private static string? HostName()
    {
        string? name = null;
        try
        {
            name = Dns.GetHostName();
            return string.IsNullOrEmpty(name) ? name : Dns.GetHostEntry(name).HostName;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return name;
        }
    }

    private static string? Address(string hostName, AddressFamily family)
    {
        try
        {
            foreach (var address in Dns.GetHostAddresses(hostName))
            {
                if (address.AddressFamily == family)
                {
                    // Without the IPv6 scope id, as the SDK writes it.
                    return new IPAddress(address.GetAddressBytes()).ToString();
                }
            }
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            // No address: the endpoint goes without one.
        }

        return null;
    }
}
