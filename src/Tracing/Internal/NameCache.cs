using System.Collections.Concurrent;
using System.Text;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// An interning cache of span names (and tag, baggage and log keys): they come from the SPOE configuration, so a
/// handful of them repeat on every request. One shared string and UTF-8 copy per distinct name (up to <see cref="MaxEntries"/>, names up to <see cref="MaxNameLength"/> bytes)
/// spares two allocations per span; past the bound, or for a name that does not round-trip through UTF-8, the
/// caller gets fresh copies. Both are read-only once handed out. One per engine.
/// </summary>
internal sealed class NameCache
{
    public const int MaxEntries = 1024;

    public const int MaxNameLength = 128;

    private readonly ConcurrentDictionary<string, byte[]> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NameCache()
    {
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public (string Name, byte[] Utf8) Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxNameLength)
        {
            return (Encoding.UTF8.GetString(utf8), utf8.ToArray());
        }

        // UTF-8 never decodes to more chars than it has bytes.
        Span<char> chars = stackalloc char[MaxNameLength];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        if (_lookup.TryGetValue(chars[..length], out var name, out var bytes) && utf8.SequenceEqual(bytes))
        {
            return (name, bytes);
        }

        name = chars[..length].ToString();
        bytes = utf8.ToArray();
        // Invalid UTF-8 decodes lossily: only names whose bytes come back unchanged are shared.
        if (_names.Count < MaxEntries && Encoding.UTF8.GetByteCount(name) == utf8.Length)
        {
            _names.TryAdd(name, bytes);
        }

        return (name, bytes);
    }
}
