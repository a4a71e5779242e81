namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>The names of <see cref="ExportFailureReason"/> in metrics and logs.</summary>
internal static class ExportFailureReasons
{
    public static string Name(ExportFailureReason reason) => reason switch
    {
        ExportFailureReason.Rejected => "rejected",
        ExportFailureReason.RetriesExhausted => "retries_exhausted",
        ExportFailureReason.Timeout => "timeout",
        ExportFailureReason.Unreachable => "unreachable",
        _ => "transport",
    };
}
