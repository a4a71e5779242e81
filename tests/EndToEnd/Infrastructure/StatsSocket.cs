using System.Net.Sockets;
using System.Text;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>HAProxy's runtime API over its Unix stats socket: one command per connection (non-interactive mode).</summary>
internal sealed class StatsSocket(string path)
{
    public async Task<string> SendAsync(string command, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, cancellationToken);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>One server's row of <c>show stat</c>, column name → value (<c>status</c>, <c>chkfail</c>, <c>chkdown</c>, ...).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetServerStatAsync(string backend, string server, CancellationToken cancellationToken = default)
    {
        var csv = await SendAsync("show stat", cancellationToken);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            if (fields[0] == backend && fields[1] == server)
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < header.Length && i < fields.Length; i++)
                {
                    row[header[i]] = fields[i];
                }

                return row;
            }
        }

        throw new InvalidOperationException($"no server {backend}/{server} in show stat:\n{csv}");
    }

    /// <summary>Polls until the server's status is <c>UP</c>; throws with the last row when the safety net expires.</summary>
    public async Task WaitForServerUpAsync(string backend, string server, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stat = await GetServerStatAsync(backend, server);
            if (stat["status"] == "UP")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{backend}/{server} not UP after {timeout}: " + string.Join(", ", stat.Select(kv => $"{kv.Key}={kv.Value}")));
            }

            await Task.Delay(100);
        }
    }
}
