using System.IO.Compression;

namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>Gzips request bodies into one buffer reused from request to request.</summary>
internal sealed class GzipBuffer
{
    private readonly MemoryStream _output = new();

    /// <summary>The gzipped <paramref name="body"/> after <paramref name="prefix"/> zero bytes (room for a frame
    /// header); valid until the next call.</summary>
    public Memory<byte> Compress(ReadOnlySpan<byte> body, int prefix = 0)
    {
        _output.SetLength(prefix);
        _output.Position = prefix;
        using (var gzip = new GZipStream(_output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return _output.GetBuffer().AsMemory(0, (int)_output.Length);
    }
}
