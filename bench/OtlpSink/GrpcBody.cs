using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace SpoaOpenTracing.Bench.OtlpSink;

/// <summary>The body of one gRPC Export call, read whole from Kestrel and counted.</summary>
internal static class GrpcBody
{
    /// <summary>Reads the whole body and counts the spans of the protobuf after the first <paramref name="skip"/> bytes.</summary>
    public static async Task<long> CountSpansAsync(HttpRequest request, int skip)
    {
        ReadResult result;
        while (!(result = await request.BodyReader.ReadAsync().ConfigureAwait(false)).IsCompleted)
        {
            request.BodyReader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        var body = result.Buffer.Slice(Math.Min(skip, result.Buffer.Length));
        var spans = body.IsSingleSegment ? SpanCounter.Count(body.FirstSpan) : CountSegmented(body);
        request.BodyReader.AdvanceTo(result.Buffer.End);
        return spans;
    }

    // Kestrel hands a body of many pages in segments; one pooled copy keeps the sink from allocating per request.
    private static long CountSegmented(in ReadOnlySequence<byte> body)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            body.CopyTo(buffer);
            return SpanCounter.Count(buffer.AsSpan(0, (int)body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
