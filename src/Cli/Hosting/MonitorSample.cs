namespace SpoaOpenTracing.Cli.Hosting;

/// <summary>The counters the monitor line is made of, read at one moment from the server's, the engine's and the log inputs' metrics.</summary>
internal readonly record struct MonitorSample(
    TimeSpan At,
    long Connections,
    long Frames,
    long Messages,
    long SpansStarted,
    long SpansFinished,
    long SpansReaped,
    long SpansDropped,
    long OpenTraces,
    long ExportQueue,
    IReadOnlyList<LogInput.LogInputSample>? Inputs = null);
