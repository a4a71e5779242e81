using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.EndToEnd.SelfTests;

/// <summary>
/// The in-process agents of this suite (trait <c>Agent=InProcess</c>) run socket completions as the program does
/// (<see cref="InlineSocketCompletions"/>): on the runtime's epoll thread. scripts/test.sh runs them in a test host of
/// their own with the variable set: the runtime reads it once, when the process first uses a socket, and the test host
/// talks to <c>dotnet test</c> over one before any code of this assembly runs (a module initializer calling
/// <see cref="InlineSocketCompletions.Enable"/> was tried: too late). The tests that start the program as a process
/// run in the other host, without it: their blocking waits on child-process output must not sit on the epoll thread.
/// </summary>
[Trait("Agent", "InProcess")]
public sealed class SocketCompletionModeTests
{
    /// <summary>The name the runtime gives its epoll threads (SocketAsyncEngine.Unix.cs).</summary>
    private const string EpollThreadName = ".NET Sockets";

    [Fact]
    public async Task A_pending_receive_completes_on_the_epoll_thread()
    {
        Assert.Equal("1", Environment.GetEnvironmentVariable(InlineSocketCompletions.EnvironmentVariable));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var server = await listener.AcceptAsync();

        var buffer = new byte[1];
        var receive = ReceiveAndNameThreadAsync(server, buffer);
        Assert.False(receive.IsCompleted, "the receive must pend, so that an epoll event completes it");
        await client.SendAsync(new byte[] { 42 });
        Assert.Equal(EpollThreadName, await receive.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<string?> ReceiveAndNameThreadAsync(Socket socket, byte[] buffer)
    {
        // No captured context: the continuation runs where the completion does.
        await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
        return Thread.CurrentThread.Name;
    }
}
