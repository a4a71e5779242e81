using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop.Tests.Support;

/// <summary>
/// Decodes an ACK's LIST-OF-ACTIONS the way HAProxy applies it, for assertions only (the agent never reads
/// actions). Stops at an action type it does not know and returns the rest raw, as index.json records it.
/// </summary>
internal static class ActionListDecoder
{
    public static List<DecodedAction> Decode(ReadOnlySpan<byte> payload, out byte[] rawRest)
    {
        var actions = new List<DecodedAction>();
        var reader = new SpopReader(payload);
        rawRest = [];
        while (!reader.End)
        {
            var start = reader.Position;
            var type = reader.ReadByte();
            var count = reader.ReadByte();
            if (type is not (1 or 2))
            {
                actions.Add(new DecodedAction(type, count, 0, string.Empty, null));
                rawRest = payload[(start + 2)..].ToArray();
                break;
            }

            var scope = reader.ReadByte();
            var name = System.Text.Encoding.UTF8.GetString(reader.ReadString());
            var value = type == 1 ? ValueText.Of(reader.ReadValue()) : null;
            actions.Add(new DecodedAction(type, count, scope, name, value));
        }

        return actions;
    }
}

internal sealed record DecodedAction(byte Type, byte ArgumentCount, byte Scope, string Name, TypedText? Value);
