using System.Text;

namespace SpoaOpenTracing.Spop;

/// <summary>
/// Bounds text that comes from the peer (message names, argument values, DISCONNECT messages) before it goes into a
/// log line: a frame may carry megabytes, a log line must not.
/// </summary>
internal static class LogText
{
    /// <summary>Characters kept; longer text is cut and ends with <see cref="Ellipsis"/>.</summary>
    public const int MaxLength = 256;

    public const char Ellipsis = '…';

    public static string Bounded(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), new string(Ellipsis, 1));

    /// <summary>Decodes at most what <see cref="MaxLength"/> characters can take, so a huge value is never decoded whole.</summary>
    public static string Bounded(ReadOnlySpan<byte> utf8)
    {
        // A character takes at most 4 UTF-8 bytes.
        const int limit = 4 * MaxLength;
        var cut = utf8.Length > limit;
        var text = Encoding.UTF8.GetString(cut ? utf8[..limit] : utf8);
        return text.Length > MaxLength ? Bounded(text) : cut ? text + Ellipsis : text;
    }
}
