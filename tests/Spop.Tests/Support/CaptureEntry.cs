using System.Text.Json;

namespace SpoaOpenTracing.Spop.Tests.Support;

internal sealed record CaptureEntry(string File, string Direction, JsonElement Decoded)
{
    public byte[] Bytes => Captures.Bytes(File);
}
