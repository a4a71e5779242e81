using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Blocking <c>recv</c>, <c>send</c> and <c>shutdown(SHUT_RD)</c> straight from libc on Linux, for the sockets a
/// thread of their own reads and writes: <see cref="Socket.Receive(Span{byte}, SocketFlags, out SocketError)"/> goes
/// through <c>recvmsg</c> with a message header and the runtime's wrappers, a cost paid on every exchange. Elsewhere
/// the <see cref="Socket"/> methods do the same work. The socket's handle is referenced during each call, so a
/// concurrent <see cref="Socket.Dispose()"/> cannot close (and the system reuse) the descriptor under it.
/// </summary>
internal static class SocketCalls
{
    private const int MsgNoSignal = 0x4000;
    private const int ShutRead = 0;
    private const int ReadinessWaitMicroseconds = 100_000;

    public static readonly bool Direct = OperatingSystem.IsLinux();

    public static int Receive(Socket socket, Span<byte> buffer, out SocketError error) => Direct
        ? Transfer(socket, ref MemoryMarshal.GetReference(buffer), buffer.Length, send: false, out error)
        : socket.Receive(buffer, SocketFlags.None, out error);

    public static int Send(Socket socket, ReadOnlySpan<byte> buffer, out SocketError error) => Direct
        ? Transfer(socket, ref MemoryMarshal.GetReference(buffer), buffer.Length, send: true, out error)
        : socket.Send(buffer, SocketFlags.None, out error);

    /// <summary>Wakes a receive blocked on another thread (it returns 0) and makes every later one return 0 once the
    /// queued bytes are read; sending still works. False where that is not available, or when the socket is closed.</summary>
    public static bool TryShutdownReceive(Socket socket)
    {
        if (!Direct)
        {
            return false;
        }

        try
        {
            using var descriptor = new Descriptor(socket);
            return SysShutdown(descriptor.Value, ShutRead) == 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>One call, again after EINTR; after EAGAIN (a descriptor left non-blocking, e.g. by an earlier
    /// asynchronous use of the socket) it waits for readiness instead of spinning.</summary>
    private static int Transfer(Socket socket, ref byte start, int length, bool send, out SocketError error)
    {
        while (true)
        {
            nint count;
            using (var descriptor = new Descriptor(socket))
            {
                count = send
                    ? SysSend(descriptor.Value, ref start, (nuint)length, MsgNoSignal)
                    : SysRecv(descriptor.Value, ref start, (nuint)length, 0);
            }

            if (count >= 0)
            {
                error = SocketError.Success;
                return (int)count;
            }

            error = ToSocketError(Marshal.GetLastPInvokeError());
            if (error == SocketError.Interrupted)
            {
                continue;
            }

            if (error != SocketError.WouldBlock)
            {
                return 0;
            }

            // Outside the handle's reference and bounded: a socket disposed meanwhile ends the next call.
            socket.Poll(ReadinessWaitMicroseconds, send ? SelectMode.SelectWrite : SelectMode.SelectRead);
        }
    }

    private static SocketError ToSocketError(int errno) => errno switch
    {
        4 => SocketError.Interrupted,
        11 => SocketError.WouldBlock,
        32 => SocketError.Shutdown,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        9 => SocketError.OperationAborted,
        _ => SocketError.SocketError,
    };

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static extern nint SysRecv(int socket, ref byte buffer, nuint length, int flags);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint SysSend(int socket, ref byte buffer, nuint length, int flags);

    [DllImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static extern int SysShutdown(int socket, int how);

    /// <summary>The socket's descriptor, with a reference on its handle until disposed: a concurrent close waits for
    /// the call to return. Throws <see cref="ObjectDisposedException"/> when the socket is already closed.</summary>
    private readonly ref struct Descriptor
    {
        private readonly SafeHandle _handle;

        public Descriptor(Socket socket)
        {
            _handle = socket.SafeHandle;
            var added = false;
            _handle.DangerousAddRef(ref added);
            Value = (int)_handle.DangerousGetHandle();
        }

        public int Value { get; }

        public void Dispose() => _handle.DangerousRelease();
    }
}
