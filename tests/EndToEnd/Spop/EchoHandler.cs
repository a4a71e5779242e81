using System.Collections.Concurrent;
using System.Text;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.EndToEnd.Spop;

/// <summary>
/// The test agent: <c>echo-types</c> arguments come back as <c>txn</c> variables of the same name, type and value;
/// <c>echo-back</c> (sent on the response with those variables as arguments) shows what HAProxy stored. Both are
/// recorded, keyed by their <c>val</c> argument, which every test request makes unique.
/// </summary>
internal sealed class EchoHandler : IMessageHandler
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, EchoedValue>> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, EchoedValue>> _echoedBack = new(StringComparer.Ordinal);
    private int _duplicates;
    private int _unknownMessages;

    /// <summary>The arguments of every <c>echo-types</c> message: its <c>val</c> → argument name → (type, text).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, EchoedValue>> Sent => _sent;

    /// <summary>The arguments of every <c>echo-back</c> message, keyed the same way.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, EchoedValue>> EchoedBack => _echoedBack;

    /// <summary>Messages whose <c>val</c> had been seen before in a message of the same name.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    public int UnknownMessages => Volatile.Read(ref _unknownMessages);

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        if (message.NameEquals("echo-types"u8))
        {
            foreach (var argument in message.Arguments)
            {
                if (!argument.Name.IsEmpty && !actions.SetVar(VarScope.Transaction, argument.Name, argument.Value))
                {
                    throw new InvalidOperationException("the ACK has no room for the echoed variables");
                }
            }

            Record(message, _sent);
        }
        else if (message.NameEquals("echo-back"u8))
        {
            Record(message, _echoedBack);
        }
        else
        {
            Interlocked.Increment(ref _unknownMessages);
        }
    }

    private void Record(in SpopMessage message, ConcurrentDictionary<string, IReadOnlyDictionary<string, EchoedValue>> target)
    {
        var values = new Dictionary<string, EchoedValue>(StringComparer.Ordinal);
        foreach (var argument in message.Arguments)
        {
            values[Encoding.UTF8.GetString(argument.Name)] = new EchoedValue(argument.Value.Type, argument.Value.ToString());
        }

        var key = values.TryGetValue("val", out var val) ? val.Text : "";
        if (!target.TryAdd(key, values))
        {
            Interlocked.Increment(ref _duplicates);
        }
    }
}
