using System.Buffers.Text;
using System.Text;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Values of <c>status=</c> and <c>http-status=</c>, and OpenTelemetry's HTTP status rule: 5xx is Error,
/// 4xx is Error on CLIENT spans only (a server answering 4xx did its job), everything else leaves the status unset.
/// </summary>
internal static class SpanStatuses
{
    public const string HttpStatusAttribute = "http.response.status_code";

    private static readonly SpanStatus Ok = new(SpanStatusCode.Ok, null);
    private static readonly SpanStatus Error = new(SpanStatusCode.Error, null);
    private static readonly SpanStatus Unset = new(SpanStatusCode.Unset, null);

    /// <summary><c>ok</c>, <c>error</c>, <c>unset</c>, or <c>error:</c> followed by a description (spaces after the colon
    /// are dropped).</summary>
    public static bool TryParseStatus(in SpopValue value, out SpanStatus status)
    {
        status = Unset;
        if (value.Type != SpopDataType.String)
        {
            return false;
        }

        var text = value.Bytes;
        if (text.SequenceEqual("ok"u8))
        {
            status = Ok;
        }
        else if (text.SequenceEqual("error"u8))
        {
            status = Error;
        }
        else if (text.StartsWith("error:"u8))
        {
            var description = text[6..].TrimStart((byte)' ');
            status = description.IsEmpty ? Error : new SpanStatus(SpanStatusCode.Error, Encoding.UTF8.GetString(description));
        }
        else if (!text.SequenceEqual("unset"u8))
        {
            return false;
        }

        return true;
    }

    /// <summary>An integer (HAProxy's <c>status</c> fetch) or its decimal text, 100 to 599.</summary>
    public static bool TryParseHttpStatus(in SpopValue value, out long code)
    {
        code = 0;
        if (value.IsInteger)
        {
            code = value.Type == SpopDataType.UInt64 && value.UInt64 > 999 ? 0 : value.Int64;
        }
        else if (value.Type == SpopDataType.String && (!Utf8Parser.TryParse(value.Bytes, out code, out var consumed) || consumed != value.Bytes.Length))
        {
            code = 0;
        }

        return code is >= 100 and <= 599;
    }

    /// <summary>The status the HTTP rule gives <paramref name="code"/> on a span of <paramref name="kind"/>; null = leave it.</summary>
    public static SpanStatusCode? ForHttpStatus(long code, SpanKind kind) => code switch
    {
        >= 500 => SpanStatusCode.Error,
        >= 400 when kind == SpanKind.Client => SpanStatusCode.Error,
        _ => null,
    };
}
