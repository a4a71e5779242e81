using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Messages;

/// <summary>
/// The seed's demo message <c>check-client-ip</c>: with exactly one IPv4/IPv6 argument, answers a random score
/// 0–100 as <c>sess.&lt;var-prefix&gt;.ip_score</c> (uint32); anything else is ignored.
/// </summary>
internal sealed class CheckClientIpHandler(ILogger logger) : IMessageHandler
{
    public static ReadOnlySpan<byte> MessageName => "check-client-ip"u8;

    public static ReadOnlySpan<byte> VariableName => "ip_score"u8;

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        if (message.ArgumentCount == 1)
        {
            foreach (var argument in message.Arguments)
            {
                if (argument.Value.Type is SpopDataType.IPv4 or SpopDataType.IPv6)
                {
                    var score = (uint)Random.Shared.Next(0, 101);
                    actions.SetVar(VarScope.Session, VariableName, SpopValue.FromUInt32(score));
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        MessagesLog.ClientIpScored(logger, argument.Value.ToString(), score);
                    }

                    return;
                }
            }
        }

        MessagesLog.ClientIpIgnored(logger, message.ArgumentCount);
    }
}
