using System.Diagnostics;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>How a sampled trace begins: its id, the remote parent (default when none) and incoming baggage.</summary>
internal readonly record struct TraceOrigin(ActivityTraceId TraceId, ActivityContext RemoteParent, KeyValuePair<string, string>[] Baggage);
