namespace SpoaOpenTracing.Cli.LogInput;

/// <summary>One log input's counters for the monitor line, read at one moment.</summary>
internal readonly record struct LogInputSample(string Input, long Lines, long Spans, long BadLines, long FrameErrors, long ReceiveBufferDrops);
