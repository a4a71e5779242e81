using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SpoaOpenTracing.Bench.OtlpSink;

/// <summary>
/// The sink's OTLP/HTTP side: HTTP/1.1 with Content-Length bodies on blocking sockets, a thread per connection, each
/// request read into one contiguous buffer in as few receives as the kernel allows. <c>POST /v1/traces</c> counts
/// the spans and answers an empty protobuf; <c>GET /count</c> answers "spans requests".
/// </summary>
/// <remarks>
/// The sink stands in for a collector on another machine, but in the benchmarks it shares the two cores with what is
/// measured, so its cost per export comes off the agent's configurations. Behind Kestrel it took 6 % of a core beside
/// configuration E, this way 1 % (BENCHMARKS.md): a batch lands in one buffer sized to it, read by as few blocking
/// receives as the kernel needs, with no pipe segments, asynchronous steps or copy to walk it.
/// </remarks>
internal sealed class Http1Receiver : IDisposable
{
    private const int InitialBuffer = 256 * 1024;
    private const int MaxRequest = 64 * 1024 * 1024;

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] EmptyProtobufResponse =
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly SinkTotals _totals;

    public Http1Receiver(int port, SinkTotals totals)
    {
        _totals = totals;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(64);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        new Thread(AcceptLoop) { IsBackground = true, Name = "sink accept" }.Start();
    }

    public int Port { get; }

    public void Dispose() => _listener.Dispose();

    private void AcceptLoop()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            connection.NoDelay = true;
            new Thread(() => Serve(connection)) { IsBackground = true, Name = "sink connection" }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var buffered = 0;
            while (true)
            {
                int headLength;
                while ((headLength = buffer.AsSpan(0, buffered).IndexOf(HeadEnd)) < 0)
                {
                    if (!Receive(connection, ref buffer, ref buffered, buffered + 1))
                    {
                        return;
                    }
                }

                var head = Encoding.ASCII.GetString(buffer, 0, headLength);
                if (!TryParseHead(head, out var method, out var path, out var contentLength, out var close))
                {
                    Respond(connection, "400 Bad Request", "text/plain", "a request this sink cannot read\n");
                    return;
                }

                var total = headLength + HeadEnd.Length + contentLength;
                if (total > MaxRequest)
                {
                    Respond(connection, "413 Content Too Large", "text/plain", $"more than {MaxRequest} bytes\n");
                    return;
                }

                while (buffered < total)
                {
                    if (!Receive(connection, ref buffer, ref buffered, total))
                    {
                        return;
                    }
                }

                Handle(connection, method, path, buffer.AsSpan(headLength + HeadEnd.Length, contentLength));
                if (close)
                {
                    return;
                }

                // A pipelined next request may already be behind this one.
                buffer.AsSpan(total, buffered - total).CopyTo(buffer);
                buffered -= total;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The client went away or sent what OTLP never contains: this connection ends, the sink goes on.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            connection.Dispose();
        }
    }

    private void Handle(Socket connection, string method, string path, ReadOnlySpan<byte> body)
    {
        switch (method, path)
        {
            case ("POST", "/v1/traces"):
                _totals.Add(SpanCounter.Count(body));
                Send(connection, EmptyProtobufResponse);
                break;
            case ("GET", "/count"):
                Respond(connection, "200 OK", "text/plain", $"{_totals.Spans} {_totals.Requests}\n");
                break;
            default:
                Respond(connection, "404 Not Found", "text/plain", $"no {method} {path} here\n");
                break;
        }
    }

    /// <summary>Receives once, first growing the buffer so that <paramref name="needed"/> bytes fit. False when the
    /// peer closed.</summary>
    private static bool Receive(Socket connection, ref byte[] buffer, ref int buffered, int needed)
    {
        if (needed > MaxRequest)
        {
            throw new InvalidDataException("request head without an end");
        }

        if (needed > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 2 * buffer.Length));
            buffer.AsSpan(0, buffered).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }

        var received = connection.Receive(buffer, buffered, buffer.Length - buffered, SocketFlags.None);
        buffered += received;
        return received > 0;
    }

    private static bool TryParseHead(string head, out string method, out string path, out int contentLength, out bool close)
    {
        method = path = "";
        contentLength = 0;
        close = false;
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return false;
        }

        method = requestLine[0];
        path = requestLine[1];
        close = requestLine[2] == "HTTP/1.0";
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out contentLength))
                {
                    return false;
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ||
                     (name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase) && !value.Equals("identity", StringComparison.OrdinalIgnoreCase)))
            {
                // Chunked or compressed bodies are not what the benchmarks send; counting them would need more than
                // this sink is for.
                return false;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        return true;
    }

    private static void Respond(Socket connection, string status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        Send(connection, Encoding.UTF8.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes}\r\n\r\n{body}"));
    }

    private static void Send(Socket connection, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[connection.Send(bytes, SocketFlags.None)..];
        }
    }
}
