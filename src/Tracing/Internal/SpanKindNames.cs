using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>The values of <c>kind=</c>: OpenTelemetry's span kinds in lowercase.</summary>
internal static class SpanKindNames
{
    public static bool TryParse(in SpopValue value, out SpanKind kind)
    {
        var text = value.Type == SpopDataType.String ? value.Bytes : default;
        kind = SpanKind.Internal;
        if (text.SequenceEqual("server"u8))
        {
            kind = SpanKind.Server;
        }
        else if (text.SequenceEqual("client"u8))
        {
            kind = SpanKind.Client;
        }
        else if (text.SequenceEqual("producer"u8))
        {
            kind = SpanKind.Producer;
        }
        else if (text.SequenceEqual("consumer"u8))
        {
            kind = SpanKind.Consumer;
        }
        else if (!text.SequenceEqual("internal"u8))
        {
            return false;
        }

        return true;
    }
}
