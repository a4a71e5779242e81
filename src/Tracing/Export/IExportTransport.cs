namespace SpoaOpenTracing.Tracing.Export;

/// <summary>
/// Delivers one encoded export request (OTLP protobuf, Zipkin JSON) to the collector, retrying as the OTLP spec says
/// within the export timeout. Called on the export thread only.
/// </summary>
internal interface IExportTransport : IDisposable
{
    /// <summary>Sends <paramref name="body"/>, which stays valid only during the call.</summary>
    ExportResult Send(ReadOnlyMemory<byte> body);
}
