namespace SpoaOpenTracing.Tracing.Export;

/// <summary>What one export call achieved; a failed batch is counted and dropped (retries happen inside the transport).</summary>
internal enum ExportResult
{
    Success,
    Failure,
}
