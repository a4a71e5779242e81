using System.Globalization;
using System.Net.Sockets;

namespace SpoaOpenTracing.Syslog.Internal;

/// <summary>
/// Reads the kernel's count of datagrams dropped on one UDP socket (receive buffer full): the last column, <c>drops</c>,
/// of its row in <c>/proc/net/udp</c> or <c>/proc/net/udp6</c>, found by the socket's inode
/// (<c>/proc/self/fd/N</c> links to <c>socket:[inode]</c>).
/// </summary>
internal sealed class KernelDropCounter
{
    private readonly string _table;
    private readonly string _inode;
    private long _last;

    private KernelDropCounter(string table, string inode)
    {
        _table = table;
        _inode = inode;
    }

    /// <summary>Null where the kernel does not publish the table (not Linux) or the socket's inode cannot be read.</summary>
    public static KernelDropCounter? For(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var link = new FileInfo($"/proc/self/fd/{socket.SafeHandle.DangerousGetHandle()}").LinkTarget;
        if (link is null || !link.StartsWith("socket:[", StringComparison.Ordinal) || !link.EndsWith(']'))
        {
            return null;
        }

        var table = socket.AddressFamily == AddressFamily.InterNetworkV6 ? "/proc/net/udp6" : "/proc/net/udp";
        return new KernelDropCounter(table, link["socket:[".Length..^1]);
    }

    /// <summary>The current count; once the socket is gone from the table, the last one read.</summary>
    public long Read()
    {
        // Columns: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        const int InodeColumn = 9;
        foreach (var line in File.ReadLines(_table))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > InodeColumn + 3 && columns[InodeColumn] == _inode)
            {
                var drops = long.Parse(columns[^1], NumberStyles.None, CultureInfo.InvariantCulture);
                Volatile.Write(ref _last, drops);
                return drops;
            }
        }

        return Volatile.Read(ref _last);
    }
}
