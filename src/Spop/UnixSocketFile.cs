using System.Net.Sockets;

namespace SpoaOpenTracing.Spop;

/// <summary>The socket file a Unix listener binds; shared by the SPOP server and the syslog input.</summary>
internal static class UnixSocketFile
{
    /// <summary>
    /// A socket file nobody listens on is left over by a crashed run: remove it. A live one is an error. The probe
    /// connects with the listener's own <paramref name="type"/> (a stream connect to a datagram socket is refused).
    /// </summary>
    public static void RemoveStale(string path, UnixDomainSocketEndPoint endPoint, SocketType type, string listensWhat)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, type, ProtocolType.Unspecified);
        try
        {
            probe.Connect(endPoint);
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }

        throw new IOException($"another process {listensWhat} on the Unix socket {path}");
    }
}
