namespace SpoaOpenTracing.Spop.Internal;

/// <summary>
/// Validates a HAPROXY-HELLO and negotiates with it (SPOE.txt §3.2.4, spop-protocol.md §3). A pure function, so
/// each refusal status is testable without a socket.
/// <code>
/// HAPROXY-HELLO (type 1, FIN, ids 0/0), KV-LIST in any order, unknown keys skipped:
///   supported-versions STRING  "2.0" (comma list of Major.Minor, spaces ignored)
///   max-frame-size     integer HAProxy's limit (any integer type accepted)
///   capabilities       STRING  "pipelining,async" (2.6) / "pipelining" (3.x) / "" (health check)
///   engine-id          STRING  optional
///   healthcheck        BOOL    optional, true for option spop-check
/// </code>
/// </summary>
internal static class Handshake
{
    /// <summary>Before the HELLO the negotiated size is unknown; frames are accepted up to this (or the configured
    /// size, whichever is larger).</summary>
    public const uint PreHelloFrameLimit = 16 * 1024;

    public static HelloResult Negotiate(in FrameHeader header, ReadOnlySpan<byte> payload, SpopServerOptions options)
    {
        if (!header.IsFin)
        {
            ThrowHelper.Throw(SpopStatus.FragmentationNotSupported, "HAPROXY-HELLO without FIN");
        }

        if (header.StreamId != 0 || header.FrameId != 0)
        {
            ThrowHelper.ThrowInvalid("HAPROXY-HELLO with non-zero stream-id or frame-id");
        }

        var versionFound = false;
        var versionSupported = false;
        ulong? haproxyMaxFrameSize = null;
        var offersPipelining = false;
        var offersAsync = false;
        var hasEngineId = false;
        var healthCheck = false;
        var reader = new KvListReader(payload);
        while (reader.TryRead(out var key, out var value))
        {
            if (key.SequenceEqual("supported-versions"u8))
            {
                RequireType(value, SpopDataType.String, "supported-versions");
                versionFound = true;
                versionSupported = SupportsVersion2(value.Bytes);
            }
            else if (key.SequenceEqual("max-frame-size"u8))
            {
                if (!value.IsInteger)
                {
                    ThrowHelper.ThrowInvalid("max-frame-size is not an integer");
                }

                haproxyMaxFrameSize = value.UInt64;
            }
            else if (key.SequenceEqual("capabilities"u8))
            {
                RequireType(value, SpopDataType.String, "capabilities");
                offersPipelining = HasToken(value.Bytes, "pipelining"u8);
                offersAsync = HasToken(value.Bytes, "async"u8);
            }
            else if (key.SequenceEqual("engine-id"u8))
            {
                hasEngineId = value.Type == SpopDataType.String && !value.Bytes.IsEmpty;
            }
            else if (key.SequenceEqual("healthcheck"u8))
            {
                healthCheck = value.Type == SpopDataType.Boolean && value.Boolean;
            }
        }

        if (!versionFound)
        {
            ThrowHelper.Throw(SpopStatus.NoVersion, "HAPROXY-HELLO without supported-versions");
        }

        if (!versionSupported)
        {
            ThrowHelper.Throw(SpopStatus.UnsupportedVersion, "HAProxy does not support SPOP 2.0");
        }

        if (haproxyMaxFrameSize is not { } theirs)
        {
            ThrowHelper.Throw(SpopStatus.NoMaxFrameSize, "HAPROXY-HELLO without max-frame-size");
            return default;
        }

        var negotiated = Math.Min(theirs, (ulong)options.MaxFrameSize);
        if (negotiated < SpopServerOptions.MinMaxFrameSize)
        {
            ThrowHelper.Throw(SpopStatus.BadMaxFrameSize, $"max-frame-size {theirs} is below {SpopServerOptions.MinMaxFrameSize}");
        }

        return new HelloResult(
            (uint)negotiated,
            Pipelining: options.Pipelining && offersPipelining,
            Async: options.Async && offersAsync && hasEngineId,
            Fragmentation: options.Fragmentation,
            HealthCheck: healthCheck);
    }

    /// <summary>"Major.Minor" tokens; announcing 2.Y means 2.0 up to 2.Y are supported. Unparsable tokens are skipped.</summary>
    internal static bool SupportsVersion2(ReadOnlySpan<byte> list)
    {
        foreach (var range in list.Split((byte)','))
        {
            var token = Trim(list[range]);
            var dot = token.IndexOf((byte)'.');
            if (dot > 0 && TryParseNumber(token[..dot], out var major) && TryParseNumber(token[(dot + 1)..], out _) && major == 2)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Trim(list[range]).SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }

    private static void RequireType(in SpopValue value, SpopDataType type, string key)
    {
        if (value.Type != type)
        {
            ThrowHelper.ThrowInvalid($"{key} has type {value.Type}, expected {type}");
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> token) => token.Trim((byte)' ');

    private static bool TryParseNumber(ReadOnlySpan<byte> digits, out int number)
    {
        number = 0;
        if (digits.IsEmpty || digits.Length > 3)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }
}
