namespace SpoaOpenTracing.Tracing.Propagation;

internal enum ExtractResult : byte
{
    /// <summary>No header of an enabled format was present.</summary>
    Absent,

    /// <summary>A header of an enabled format was present but none of them was valid.</summary>
    Invalid,

    Valid,
}
