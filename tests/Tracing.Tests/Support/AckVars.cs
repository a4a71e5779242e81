using System.Text;
using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Tests.Support;

/// <summary>Decodes the SET-VAR actions of an ACK (the bytes an <see cref="ActionWriter"/> wrote) into name → value,
/// independently of the Spop library's encoder: strings, booleans and integers, as SPOP encodes them.</summary>
public static class AckVars
{
    public static Dictionary<string, object?> Decode(ReadOnlySpan<byte> actions, out List<VarScope> scopes)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        scopes = new List<VarScope>();
        var position = 0;
        while (position < actions.Length)
        {
            Assert.Equal(1, actions[position]);      // SET-VAR
            Assert.Equal(3, actions[position + 1]);  // three arguments
            scopes.Add((VarScope)actions[position + 2]);
            position += 3;
            var nameLength = (int)ReadVarint(actions, ref position);
            var name = Encoding.UTF8.GetString(actions.Slice(position, nameLength));
            position += nameLength;
            var type = actions[position++];
            switch (type & 0x0F)
            {
                case 0:
                    result[name] = null;
                    break;
                case 1:
                    result[name] = (type & 0x10) != 0;
                    break;
                case 2 or 3 or 4 or 5:
                    result[name] = ReadVarint(actions, ref position);
                    break;
                case 8 or 9:
                    var length = (int)ReadVarint(actions, ref position);
                    result[name] = Encoding.UTF8.GetString(actions.Slice(position, length));
                    position += length;
                    break;
                default:
                    throw new InvalidDataException($"unexpected type {type}");
            }
        }

        return result;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = data[position++];
        if (value < 240)
        {
            return value;
        }

        var shift = 4;
        while (true)
        {
            var b = data[position++];
            value += (ulong)b << shift;
            shift += 7;
            if (b < 128)
            {
                return value;
            }
        }
    }
}
