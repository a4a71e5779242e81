namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>Echoes each argument back as <c>txn.argN</c>; a message named "boom" throws after writing one action.</summary>
internal sealed class EchoHandler : IMessageHandler
{
    private int _messages;

    public int Messages => Volatile.Read(ref _messages);

    public void HandleMessage(in SpopMessage message, ref ActionWriter actions)
    {
        Interlocked.Increment(ref _messages);
        if (message.NameEquals("boom"u8))
        {
            actions.SetVar(VarScope.Transaction, "before_boom"u8, SpopValue.FromBoolean(true));
            throw new InvalidOperationException("boom");
        }

        Span<byte> name = stackalloc byte[8];
        var i = 0;
        foreach (var argument in message.Arguments)
        {
            "arg"u8.CopyTo(name);
            i.TryFormat(name[3..], out var digits);
            actions.SetVar(VarScope.Transaction, name[..(3 + digits)], argument.Value);
            i++;
        }
    }
}
