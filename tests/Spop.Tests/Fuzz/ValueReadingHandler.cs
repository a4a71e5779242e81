namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>
/// The fuzz runs' handler: reads every argument's name and value as a handler would (text, numbers, addresses,
/// binary), so damage the frame validation let through would surface here, and writes no action (a fuzzed message
/// must not change what the ACK looks like). Thread-safe counts.
/// </summary>
internal sealed class ValueReadingHandler : IMessageHandler
{
    private long _messages;
    private long _arguments;
    private long _valueBytes;

    public long Messages => Volatile.Read(ref _messages);

    public long Arguments => Volatile.Read(ref _arguments);

    /// <summary>Bytes of text and binary values read, and so reachable.</summary>
    public long ValueBytes => Volatile.Read(ref _valueBytes);

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        Interlocked.Increment(ref _messages);
        long arguments = 0, bytes = 0;
        foreach (var argument in message.Arguments)
        {
            arguments++;
            bytes += argument.Name.Length;
            var value = argument.Value;
            bytes += value.Type switch
            {
                SpopDataType.String or SpopDataType.Binary or SpopDataType.IPv4 or SpopDataType.IPv6 => value.Bytes.Length,
                SpopDataType.Boolean => value.Boolean ? 1 : 0,
                _ when value.IsInteger => value.Int64 & 1,
                _ => 0,
            };
        }

        Interlocked.Add(ref _arguments, arguments);
        Interlocked.Add(ref _valueBytes, bytes);
    }
}
