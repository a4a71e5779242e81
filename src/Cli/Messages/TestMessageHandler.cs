using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Cli.Messages;

/// <summary>
/// The seed's debugging message <c>test</c>: logs every argument as <c>test[i] name='…' type=N: &lt;value&gt;</c>
/// (integers in decimal and hex, addresses as text, strings quoted, binary as hex plus a printable dump). No actions.
/// </summary>
internal sealed class TestMessageHandler(ILogger logger) : IMessageHandler
{
    public static ReadOnlySpan<byte> MessageName => "test"u8;

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        MessagesLog.TestMessage(logger, message.ArgumentCount);
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var index = 0;
        foreach (var argument in message.Arguments)
        {
            MessagesLog.TestArgument(logger, index++, LogText.Bounded(argument.Name), (int)argument.Value.Type, LogText.Bounded(Describe(argument.Value)));
        }
    }

    public static string Describe(SpopValue value) => value.Type switch
    {
        SpopDataType.Null => "NULL",
        SpopDataType.Boolean => value.Boolean ? "true" : "false",
        SpopDataType.Int32 or SpopDataType.Int64 =>
            string.Create(CultureInfo.InvariantCulture, $"{value.Int64} (0x{value.UInt64:x})"),
        SpopDataType.UInt32 or SpopDataType.UInt64 =>
            string.Create(CultureInfo.InvariantCulture, $"{value.UInt64} (0x{value.UInt64:x})"),
        SpopDataType.String => "'" + value.ToString() + "'",
        SpopDataType.Binary => $"<{value.Bytes.Length} bytes> {Convert.ToHexStringLower(value.Bytes)} |{Printable(value.Bytes)}|",
        _ => value.ToString(),
    };

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            builder.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        }

        return builder.ToString();
    }
}
