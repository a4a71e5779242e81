using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// A Zipkin v2 intake on 127.0.0.1:0: <c>POST /api/v2/spans</c> with a JSON array of spans; answers 202 like Zipkin.
/// A body it cannot read gets 400 and its error is kept in <see cref="Errors"/>.
/// </summary>
internal sealed class ZipkinReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _errors;

    private ZipkinReceiver(WebApplication app, Uri baseAddress, SpanCollection<ZipkinSpan> spans, ConcurrentQueue<string> errors)
    {
        _app = app;
        BaseAddress = baseAddress;
        Spans = spans;
        _errors = errors;
    }

    public Uri BaseAddress { get; }

    public Uri SpansEndpoint => new(BaseAddress, "/api/v2/spans");

    public SpanCollection<ZipkinSpan> Spans { get; }

    public IReadOnlyCollection<string> Errors => _errors;

    public static async Task<ZipkinReceiver> StartAsync()
    {
        var spans = new SpanCollection<ZipkinSpan>();
        var errors = new ConcurrentQueue<string>();
        var (app, address) = await LoopbackWebServer.StartAsync(app => app.MapPost("/api/v2/spans", async (HttpContext context) =>
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body);
                spans.AddRange(document.RootElement.EnumerateArray().Select(ReadSpan).ToList());
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                errors.Enqueue(e.Message);
                return Results.BadRequest();
            }

            return Results.Accepted();
        }));
        return new ZipkinReceiver(app, address, spans, errors);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
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
