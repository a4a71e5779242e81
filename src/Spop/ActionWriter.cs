using System.Buffers;
using System.Text;
using SpoaOpenTracing.Spop.Internal;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// Writes the LIST-OF-ACTIONS of an ACK straight into the frame being built:
/// <code>
/// SET-VAR   : 01 03 &lt;scope: 1 byte&gt; &lt;name: varint length + bytes&gt; &lt;value: typed data&gt;
/// UNSET-VAR : 02 02 &lt;scope: 1 byte&gt; &lt;name: varint length + bytes&gt;
/// </code>
/// The ACK must fit in the negotiated max-frame-size: an action that would not fit is not written (the call
/// returns false and <see cref="DroppedCount"/> counts it), so HAProxy never sees a truncated action.
/// </summary>
public ref struct ActionWriter
{
    /// <summary>HAProxy builds <c>scope.prefix.name</c> in a 64-byte buffer; longer names are truncated or refused.</summary>
    public const int MaxNameLength = 63;

    private const byte SetVarType = 1;
    private const byte UnsetVarType = 2;

    private readonly Span<byte> _buffer;

    public ActionWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Written = 0;
        DroppedCount = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public int Written { get; private set; }

    public int DroppedCount { get; private set; }

    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[..Written];

    public bool SetVar(VarScope scope, scoped ReadOnlySpan<byte> name, scoped SpopValue value)
    {
        CheckName(name);
        var length = 3 + TypedData.GetStringLength(name.Length) + TypedData.GetLength(value);
        if (!TryReserve(length, out var span))
        {
            return false;
        }

        span[0] = SetVarType;
        span[1] = 3;
        span[2] = (byte)scope;
        var n = 3 + TypedData.WriteString(span[3..], name);
        TypedData.Write(span[n..], value);
        return true;
    }

    /// <summary>Sets a string variable, encoding <paramref name="value"/> as UTF-8 without an intermediate copy.</summary>
    public bool SetString(VarScope scope, scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<char> value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount <= 256)
        {
            Span<byte> utf8 = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(value, utf8);
            return SetVar(scope, name, SpopValue.FromString(utf8));
        }

        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            return SetVar(scope, name, SpopValue.FromString(rented.AsSpan(0, written)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public bool UnsetVar(VarScope scope, scoped ReadOnlySpan<byte> name)
    {
        CheckName(name);
        var length = 3 + TypedData.GetStringLength(name.Length);
        if (!TryReserve(length, out var span))
        {
            return false;
        }

        span[0] = UnsetVarType;
        span[1] = 2;
        span[2] = (byte)scope;
        TypedData.WriteString(span[3..], name);
        return true;
    }

    private bool TryReserve(int length, out Span<byte> span)
    {
        if (length > _buffer.Length - Written)
        {
            DroppedCount++;
            span = default;
            return false;
        }

        span = _buffer.Slice(Written, length);
        Written += length;
        return true;
    }

    private static void CheckName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > MaxNameLength)
        {
            throw new ArgumentException($"a variable name is 1 to {MaxNameLength} bytes", nameof(name));
        }

        foreach (var c in name)
        {
            if (!(c is >= (byte)'a' and <= (byte)'z' || c is >= (byte)'A' and <= (byte)'Z' || c is >= (byte)'0' and <= (byte)'9' || c is (byte)'.' or (byte)'_'))
            {
                throw new ArgumentException("a variable name uses only [A-Za-z0-9._]", nameof(name));
            }
        }
    }
}
