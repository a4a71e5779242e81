using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 (ephemeral port) that records each request and answers 200, or
/// the answers queued with <see cref="Answer"/>: enough to see what an exporter really sends. Given a certificate it
/// serves TLS, and can require a client certificate.</summary>
public sealed class LoopbackHttpReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _answers = new();
    private readonly List<X509Certificate2> _clientCertificates = new();
    private readonly X509Certificate2? _certificate;
    private readonly Func<X509Certificate2, bool>? _checkClientCertificate;
    private readonly Task _loop;

    /// <param name="checkClientCertificate">Given, the handshake requires a client certificate that passes it.</param>
    public LoopbackHttpReceiver(X509Certificate2? certificate = null, Func<X509Certificate2, bool>? checkClientCertificate = null)
    {
        _certificate = certificate;
        _checkClientCertificate = checkClientCertificate;
        _listener.Start();
        _loop = AcceptLoop();
    }

    public Uri BaseUri => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Read requests but never answer them (a collector that hangs).</summary>
    public bool Silent { get; set; }

    /// <summary>The client certificates presented in TLS handshakes.</summary>
    public IReadOnlyList<X509Certificate2> ClientCertificates
    {
        get
        {
            lock (_clientCertificates)
            {
                return _clientCertificates.ToList();
            }
        }
    }

    /// <summary>Queues the answer to one coming request; with none queued the answer is 200.</summary>
    public void Answer(int status, string? retryAfter = null) =>
        _answers.Enqueue($"HTTP/1.1 {status} X\r\nContent-Length: 0\r\n{(retryAfter is null ? "" : $"Retry-After: {retryAfter}\r\n")}\r\n");

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
            Stream stream = client.GetStream();
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return _checkClientCertificate is null;
                    }

                    var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    lock (_clientCertificates)
                    {
                        _clientCertificates.Add(presented);
                    }

                    return _checkClientCertificate?.Invoke(presented) ?? true;
                });
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        ClientCertificateRequired = _checkClientCertificate is not null,
                    }, _stop.Token);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    ssl.Dispose();
                    return;
                }

                stream = ssl;
            }

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

                    if (!Silent)
                    {
                        var answer = _answers.TryDequeue(out var queued) ? queued : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                    }
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
