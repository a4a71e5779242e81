using Google.Protobuf;

namespace SpoaOpenTracing.Bench.OtlpSink;

/// <summary>
/// Counts the spans of an OTLP <c>ExportTraceServiceRequest</c> without materialising it: only the three
/// length-delimited levels that lead to a span are entered, everything else is skipped.
/// <code>
/// ExportTraceServiceRequest.resource_spans = 1 → ResourceSpans.scope_spans = 2 → ScopeSpans.spans = 2
/// </code>
/// </summary>
internal static class SpanCounter
{
    private const uint ResourceSpansTag = (1 << 3) | 2;
    private const uint ScopeSpansTag = (2 << 3) | 2;
    private const uint SpansTag = (2 << 3) | 2;

    public static long Count(ReadOnlySpan<byte> request)
    {
        long spans = 0;
        ForEach(request, ResourceSpansTag, resource =>
            ForEach(resource, ScopeSpansTag, scope =>
                ForEach(scope, SpansTag, _ => spans++)));
        return spans;
    }

    private delegate void Visitor(ReadOnlySpan<byte> field);

    private static void ForEach(ReadOnlySpan<byte> message, uint wantedTag, Visitor visit)
    {
        // CodedInputStream wants an array; the slices are small, and this is the sink, not the agent.
        var input = new CodedInputStream(message.ToArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == wantedTag)
            {
                visit(input.ReadBytes().Span);
            }
            else
            {
                input.SkipLastField();
            }
        }
    }
}
