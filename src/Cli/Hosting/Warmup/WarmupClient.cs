using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SpoaOpenTracing.Cli.Hosting.Warmup;

/// <summary>
/// Plays HAProxy 2.6's part on one loopback connection: HELLO, then each NOTIFY only after the previous ACK, as
/// HAProxy sends the events of a request. Stream and frame ids stay below 240, so each is a one-byte varint.
/// </summary>
internal sealed class WarmupClient : IDisposable
{
    private const byte HaproxyHello = 1;
    private const byte NotifyType = 3;
    private const byte AgentHello = 101;
    private const byte Ack = 103;
    private const int FinFlag = 1;

    private readonly Socket _socket;
    private byte _frameId;

    private WarmupClient(Socket socket)
    {
        _socket = socket;
    }

    public static WarmupClient Connect(EndPoint endPoint, TimeSpan timeout)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            ReceiveTimeout = (int)timeout.TotalMilliseconds,
            SendTimeout = (int)timeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(endPoint);
            var client = new WarmupClient(socket);
            client.Exchange(HaproxyHello, 0, Hello(), AgentHello);
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one NOTIFY and waits for its ACK.</summary>
    public void Notify(ReadOnlySpan<byte> messages)
    {
        _frameId = (byte)(_frameId % 239 + 1);
        Exchange(NotifyType, _frameId, messages, Ack);
    }

    public void Dispose() => _socket.Dispose();

    private void Exchange(byte type, byte frameId, ReadOnlySpan<byte> payload, byte expected)
    {
        var frame = new byte[4 + 1 + 4 + 2 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        frame[4] = type;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), FinFlag);
        frame[9] = 0;
        frame[10] = frameId;
        payload.CopyTo(frame.AsSpan(11));
        _socket.Send(frame);

        Span<byte> head = stackalloc byte[4];
        Receive(head);
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(head)];
        Receive(body);
        if (body.Length == 0 || body[0] != expected)
        {
            throw new IOException($"the warm-up expected frame type {expected}, got {(body.Length == 0 ? "an empty frame" : body[0])}");
        }
    }

    private void Receive(Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = _socket.Receive(buffer);
            if (n == 0)
            {
                throw new IOException("the warm-up connection was closed");
            }

            buffer = buffer[n..];
        }
    }

    /// <summary>HAProxy 2.6's HELLO KV-list: versions, max-frame-size (UINT32 16380), capabilities, engine-id.</summary>
    private static byte[] Hello()
    {
        var kv = new List<byte>(128);
        void String(string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            kv.Add((byte)bytes.Length);
            kv.AddRange(bytes);
        }

        String("supported-versions");
        kv.Add(8);
        String("2.0");
        String("max-frame-size");
        kv.AddRange([3, 0xfc, 0xf0, 0x06]);
        String("capabilities");
        kv.Add(8);
        String("pipelining,async");
        String("engine-id");
        kv.Add(8);
        String("warm-up");
        return kv.ToArray();
    }
}
