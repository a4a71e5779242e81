namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>
/// The gRPC status codes OTLP/gRPC acts on, and the parts of <c>grpc-status-details-bin</c> it reads: a
/// google.rpc.Status whose details may hold a google.rpc.RetryInfo with the server's retry delay.
/// </summary>
internal static class GrpcStatus
{
    public const int Ok = 0;
    public const int Cancelled = 1;
    public const int Unknown = 2;
    public const int DeadlineExceeded = 4;
    public const int ResourceExhausted = 8;
    public const int Aborted = 10;
    public const int OutOfRange = 11;
    public const int Unimplemented = 12;
    public const int Internal = 13;
    public const int Unavailable = 14;
    public const int DataLoss = 15;
    public const int Unauthenticated = 16;
    public const int PermissionDenied = 7;

    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>The OTLP spec's retryable codes; RESOURCE_EXHAUSTED only when the server says when to come back
    /// (RetryInfo), since without it the exhaustion may be permanent.</summary>
    public static bool IsRetryable(int code, bool hasRetryInfo) => code switch
    {
        Cancelled or DeadlineExceeded or Aborted or OutOfRange or Unavailable or DataLoss => true,
        ResourceExhausted => hasRetryInfo,
        _ => false,
    };

    /// <summary>The gRPC spec's mapping for an HTTP status that came without a <c>grpc-status</c>.</summary>
    public static int FromHttpStatus(int status) => status switch
    {
        400 => Internal,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => Unimplemented,
        429 or 502 or 503 or 504 => Unavailable,
        _ => Unknown,
    };

    /// <summary>RetryInfo.retry_delay from the base64 (padding optional) google.rpc.Status in
    /// <c>grpc-status-details-bin</c>; null when absent or unreadable.</summary>
    public static TimeSpan? RetryDelay(string? detailsBin)
    {
        if (string.IsNullOrEmpty(detailsBin))
        {
            return null;
        }

        var padded = detailsBin.Trim();
        padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            return null;
        }

        try
        {
            return RetryDelayFromStatus(bytes.AsSpan(0, length));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryDelayFromStatus(ReadOnlySpan<byte> status)
    {
        // google.rpc.Status: 3 = repeated google.protobuf.Any details.
        var reader = new ProtoReader(status);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 3 && wireType == ProtoReader.LengthDelimitedType)
            {
                if (RetryDelayFromAny(reader.Bytes()) is { } delay)
                {
                    return delay;
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return null;
    }

    private static TimeSpan? RetryDelayFromAny(ReadOnlySpan<byte> any)
    {
        // google.protobuf.Any: 1 = type_url, 2 = value.
        var reader = new ProtoReader(any);
        var isRetryInfo = false;
        var value = ReadOnlySpan<byte>.Empty;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == ProtoReader.LengthDelimitedType)
            {
                isRetryInfo = reader.Bytes().SequenceEqual(System.Text.Encoding.ASCII.GetBytes(RetryInfoType));
            }
            else if (field == 2 && wireType == ProtoReader.LengthDelimitedType)
            {
                value = reader.Bytes();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (!isRetryInfo)
        {
            return null;
        }

        // google.rpc.RetryInfo: 1 = retry_delay (google.protobuf.Duration: 1 = seconds, 2 = nanos).
        var info = new ProtoReader(value);
        while (info.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == ProtoReader.LengthDelimitedType)
            {
                return Duration(info.Bytes());
            }

            info.Skip(wireType);
        }

        return TimeSpan.Zero;
    }

    private static TimeSpan Duration(ReadOnlySpan<byte> duration)
    {
        long seconds = 0;
        long nanos = 0;
        var reader = new ProtoReader(duration);
        while (reader.Next(out var field, out var wireType))
        {
            if (wireType != ProtoReader.VarintType)
            {
                reader.Skip(wireType);
            }
            else if (field == 1)
            {
                seconds = (long)reader.Varint();
            }
            else if (field == 2)
            {
                nanos = (int)reader.Varint();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        var ticks = (seconds * TimeSpan.TicksPerSecond) + (nanos / 100);
        return ticks > 0 ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
    }
}
