using SpoaOpenTracing.Tracing.Export.Transport;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>The SDK exporters' <see cref="HttpClient"/> on blocking sockets, until they are replaced by
/// <see cref="HttpExportTransport"/>; the technique and its reasons live in <see cref="BlockingConnector"/>.</summary>
internal static class ExportHttpClient
{
    public static HttpClient Create(TimeSpan timeout) =>
        new(new BlockingConnector(timeout, tls: null).CreateHandler()) { Timeout = timeout };
}
