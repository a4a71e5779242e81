using System.Net.Http.Headers;
using SpoaOpenTracing.Tracing.Export;

namespace SpoaOpenTracing.Tracing.Tests.Export;

/// <summary>POSTs each body as OTLP/HTTP protobuf, so the oracle compares what both exporters put on a socket.</summary>
internal sealed class HttpPostTransport : IExportTransport
{
    private readonly HttpClient _client = new();
    private readonly Uri _url;

    public HttpPostTransport(Uri url)
    {
        _url = url;
    }

    public ExportResult Send(ReadOnlyMemory<byte> body)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        using var response = _client.Send(request);
        return response.IsSuccessStatusCode ? ExportResult.Success : ExportResult.Failure;
    }

    public void Dispose() => _client.Dispose();
}
