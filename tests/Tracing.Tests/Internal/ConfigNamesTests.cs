using System.Text;
using SpoaOpenTracing.Tracing.Internal;

namespace SpoaOpenTracing.Tracing.Tests.Internal;

public sealed class ConfigNamesTests
{
    [Fact]
    public void RepeatedNameIsSharedAndExact()
    {
        var utf8 = Encoding.UTF8.GetBytes("ConfigNamesTests Frontend HTTP request");

        var first = ConfigNames.Get(utf8);
        var second = ConfigNames.Get(utf8.AsSpan());

        Assert.Equal("ConfigNamesTests Frontend HTTP request", first.Name);
        Assert.Equal(utf8, first.Utf8);
        Assert.Same(first.Name, second.Name);
        Assert.Same(first.Utf8, second.Utf8);
    }

    [Fact]
    public void NonAsciiNameRoundTrips()
    {
        var utf8 = Encoding.UTF8.GetBytes("ConfigNamesTests réponse ✓");

        var (name, bytes) = ConfigNames.Get(utf8);
        var again = ConfigNames.Get(utf8);

        Assert.Equal("ConfigNamesTests réponse ✓", name);
        Assert.Equal(utf8, bytes);
        Assert.Same(name, again.Name);
    }

    [Fact]
    public void InvalidUtf8KeepsItsOwnBytes()
    {
        // Both decode to the same replacement text; each must still get back exactly the bytes it gave.
        byte[] a = [(byte)'S', (byte)'N', 0xFF];
        byte[] b = [(byte)'S', (byte)'N', 0xFE];

        var first = ConfigNames.Get(a);
        var second = ConfigNames.Get(b);

        Assert.Equal(a, first.Utf8);
        Assert.Equal(b, second.Utf8);
        Assert.Equal(first.Name, second.Name);
    }

    [Fact]
    public void LongNameIsCopiedNotShared()
    {
        var utf8 = Encoding.UTF8.GetBytes(new string('n', ConfigNames.MaxNameLength + 1));

        var first = ConfigNames.Get(utf8);
        var second = ConfigNames.Get(utf8);

        Assert.Equal(utf8, first.Utf8);
        Assert.Equal(first.Name, second.Name);
        Assert.NotSame(first.Utf8, second.Utf8);
    }
}
