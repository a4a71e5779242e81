using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 (ephemeral port) that records each request and answers 200:
/// enough to see what an exporter really sends.</summary>
public sealed class LoopbackHttpReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ReceivedRequest> _requests = new();
    private readonly Task _loop;

    public LoopbackHttpReceiver()
    {
        _listener.Start();
        _loop = AcceptLoop();
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener's exception; nothing to report.
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            while (!_stop.IsCancellationRequested)
            {
                var n = await stream.ReadAsync(chunk, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, n);
                while (TryTakeRequest(buffer, out var request))
                {
                    lock (_requests)
                    {
                        _requests.Add(request);
                    }

                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
                }
            }
        }
    }

    private static bool TryTakeRequest(MemoryStream buffer, out ReceivedRequest request)
    {
        request = null!;
        var data = buffer.ToArray();
        var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var lines = Encoding.ASCII.GetString(data, 0, end).Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var parts = lines[0].Split(' ');
        var start = end + 4;
        byte[] body;
        int consumed;
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryReadChunked(data, start, out body, out consumed))
            {
                return false;
            }
        }
        else
        {
            var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
            if (data.Length < start + length)
            {
                return false;
            }

            body = data.AsSpan(start, length).ToArray();
            consumed = start + length;
        }

        request = new ReceivedRequest(parts[0], parts[1], headers, body);
        buffer.SetLength(0);
        buffer.Write(data, consumed, data.Length - consumed);
        return true;
    }

    private static bool TryReadChunked(byte[] data, int position, out byte[] body, out int consumed)
    {
        var content = new MemoryStream();
        body = [];
        consumed = 0;
        while (true)
        {
            var lineEnd = data.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            var size = int.Parse(Encoding.ASCII.GetString(data, position, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            if (data.Length < position + size + 2)
            {
                return false;
            }

            if (size == 0)
            {
                body = content.ToArray();
                consumed = position + 2;
                return true;
            }

            content.Write(data, position, size);
            position += size + 2;
        }
    }
}

public sealed record ReceivedRequest(string Method, string Path, Dictionary<string, string> Headers, byte[] Body);
