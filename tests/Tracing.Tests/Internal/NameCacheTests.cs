using System.Text;
using SpoaOpenTracing.Tracing.Internal;

namespace SpoaOpenTracing.Tracing.Tests.Internal;

public sealed class NameCacheTests
{
    private NameCache Names { get; } = new();

    [Fact]
    public void RepeatedNameIsSharedAndExact()
    {
        var utf8 = Encoding.UTF8.GetBytes("NameCacheTests Frontend HTTP request");

        var first = Names.Get(utf8);
        var second = Names.Get(utf8.AsSpan());

        Assert.Equal("NameCacheTests Frontend HTTP request", first.Name);
        Assert.Equal(utf8, first.Utf8);
        Assert.Same(first.Name, second.Name);
        Assert.Same(first.Utf8, second.Utf8);
    }

    [Fact]
    public void NonAsciiNameRoundTrips()
    {
        var utf8 = Encoding.UTF8.GetBytes("NameCacheTests réponse ✓");

        var (name, bytes) = Names.Get(utf8);
        var again = Names.Get(utf8);

        Assert.Equal("NameCacheTests réponse ✓", name);
        Assert.Equal(utf8, bytes);
        Assert.Same(name, again.Name);
    }

    [Fact]
    public void InvalidUtf8KeepsItsOwnBytes()
    {
        // Both decode to the same replacement text; each must still get back exactly the bytes it gave.
        byte[] a = [(byte)'S', (byte)'N', 0xFF];
        byte[] b = [(byte)'S', (byte)'N', 0xFE];

        var first = Names.Get(a);
        var second = Names.Get(b);

        Assert.Equal(a, first.Utf8);
        Assert.Equal(b, second.Utf8);
        Assert.Equal(first.Name, second.Name);
    }

    [Fact]
    public void LongNameIsCopiedNotShared()
    {
        var utf8 = Encoding.UTF8.GetBytes(new string('n', NameCache.MaxNameLength + 1));

        var first = Names.Get(utf8);
        var second = Names.Get(utf8);

        Assert.Equal(utf8, first.Utf8);
        Assert.Equal(first.Name, second.Name);
        Assert.NotSame(first.Utf8, second.Utf8);
    }
}
