using System.Buffers;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>
/// Runs a byte stream through the decoding chain of a connection without a socket: FrameReader, the HELLO
/// negotiation, NOTIFY validation, each message through the handler with a real ActionWriter. It follows the frame
/// rules of SpopConnection.HandleFrame (types allowed before and after the handshake, FIN required without
/// negotiated fragmentation, unknown types skipped); the socket sample in <see cref="FrameFuzzTests"/> checks that
/// the real connection ends each sampled stream the same way.
/// </summary>
internal static class FrameFuzzDriver
{
    public static Outcome Run(byte[] bytes, IMessageHandler handler, SpopServerOptions options)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var limit = Math.Max(Handshake.PreHelloFrameLimit, (uint)options.MaxFrameSize);
        var handshakeDone = false;
        var maxFrameSize = 0u;
        var acks = 0;
        var actionBuffer = new byte[options.MaxFrameSize];
        try
        {
            while (FrameReader.TryReadFrame(ref buffer, limit, out var header, out var sequence))
            {
                var payload = sequence.ToArray();
                if (!handshakeDone)
                {
                    if (header.Type != FrameType.HaproxyHello)
                    {
                        ThrowHelper.ThrowInvalid("not a HELLO");
                    }

                    var hello = Handshake.Negotiate(in header, payload, options);
                    if (hello.HealthCheck)
                    {
                        return new Outcome(0, null, false, true);
                    }

                    handshakeDone = true;
                    maxFrameSize = hello.MaxFrameSize;
                    limit = Math.Max(hello.MaxFrameSize, (uint)options.MaxFrameSize);
                    continue;
                }

                switch (header.Type)
                {
                    case FrameType.Notify:
                        if (!header.IsFin)
                        {
                            ThrowHelper.Throw(SpopStatus.FragmentationNotSupported, "NOTIFY without FIN");
                        }

                        MessageListReader.Validate(payload);
                        var actions = new ActionWriter(actionBuffer.AsSpan(0, (int)maxFrameSize - 64));
                        var reader = new MessageListReader(payload);
                        while (reader.TryReadMessage(out var message))
                        {
                            handler.HandleMessage(in message, ref actions);
                        }

                        acks++;
                        break;
                    case FrameType.Unset:
                        ThrowHelper.Throw(SpopStatus.FragmentationNotSupported, "fragment");
                        break;
                    case FrameType.HaproxyDisconnect:
                        return new Outcome(acks, SpopStatus.Normal, false, false);
                    case FrameType.HaproxyHello or FrameType.AgentHello or FrameType.AgentDisconnect or FrameType.Ack:
                        ThrowHelper.ThrowInvalid("unexpected type");
                        break;
                }
            }

            return new Outcome(acks, null, buffer.Length > 0, false);
        }
        catch (SpopException ex)
        {
            return new Outcome(acks, ex.Status, false, false);
        }
    }
}
