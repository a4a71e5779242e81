namespace SpoaOpenTracing.Spop;

/// <summary>
/// What an SPOE agent does with the messages HAProxy sends. The server calls <see cref="HandleMessage"/> once per
/// message of each NOTIFY frame, in frame order, on the connection's own loop, then sends the ACK with the actions
/// written. Handlers must not block: the stream in HAProxy waits for the ACK.
/// </summary>
/// <remarks>
/// <paramref name="message"/> and every value in it are views into the receive buffer, valid only during the
/// call: copy what you keep. An exception thrown for one message is logged with the message name; the frame's
/// other messages are still handled and the ACK is still sent. With pipelining, calls for frames of one
/// connection may overlap with calls for other connections: handlers must be thread-safe.
/// </remarks>
public interface IMessageHandler
{
    void HandleMessage(in SpopMessage message, ref ActionWriter actions);
}
