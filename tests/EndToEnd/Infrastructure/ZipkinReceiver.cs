using System.Collections.Concurrent;
using System.Text.Json;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// A Zipkin v2 intake: <c>POST /api/v2/spans</c> with a JSON array of spans reaching the tests' one HTTP receiver;
/// answers 202 like Zipkin. A body it cannot read gets 400 and its error is kept in <see cref="Errors"/>.
/// </summary>
internal sealed class ZipkinReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpReceiver _http;
    private readonly ConcurrentQueue<string> _errors = new();

    private ZipkinReceiver()
    {
        _http = LoopbackHttpReceiver.Start(Decode);
    }

    public Uri BaseAddress => _http.BaseUri;

    public Uri SpansEndpoint => new(BaseAddress, "/api/v2/spans");

    public SpanCollection<ZipkinSpan> Spans { get; } = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public static Task<ZipkinReceiver> StartAsync() => Task.FromResult(new ZipkinReceiver());

    public ValueTask DisposeAsync() => _http.DisposeAsync();

    private HttpAnswer Decode(ReceivedRequest request)
    {
        if (request.Method != "POST" || request.PathAndQuery != "/api/v2/spans")
        {
            return new HttpAnswer(404);
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            Spans.AddRange(document.RootElement.EnumerateArray().Select(ReadSpan).ToList());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            _errors.Enqueue(e.Message);
            return new HttpAnswer(400);
        }

        return new HttpAnswer(202);
    }

    private static ZipkinSpan ReadSpan(JsonElement span)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (span.TryGetProperty("tags", out var tagObject))
        {
            foreach (var tag in tagObject.EnumerateObject())
            {
                // The v2 model says tag values are strings; GetString throws on anything else.
                tags.Add(tag.Name, tag.Value.GetString()!);
            }
        }

        var annotations = new List<ZipkinAnnotation>();
        if (span.TryGetProperty("annotations", out var annotationArray))
        {
            foreach (var annotation in annotationArray.EnumerateArray())
            {
                annotations.Add(new ZipkinAnnotation(annotation.GetProperty("timestamp").GetInt64(), annotation.GetProperty("value").GetString()!));
            }
        }

        return new ZipkinSpan
        {
            TraceId = span.GetProperty("traceId").GetString()!,
            Id = span.GetProperty("id").GetString()!,
            ParentId = OptionalString(span, "parentId"),
            Name = OptionalString(span, "name"),
            Kind = OptionalString(span, "kind"),
            Timestamp = span.TryGetProperty("timestamp", out var timestamp) ? timestamp.GetInt64() : 0,
            Duration = span.TryGetProperty("duration", out var duration) ? duration.GetInt64() : 0,
            LocalServiceName = span.TryGetProperty("localEndpoint", out var local) ? OptionalString(local, "serviceName") : null,
            Tags = tags,
            Annotations = annotations,
        };
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
