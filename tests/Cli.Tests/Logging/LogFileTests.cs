using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Cli.Logging;
using SpoaOpenTracing.Cli.Options;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Logging;

public sealed class LogFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spoa-cli-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WithoutModeTheFileMustNotExist()
    {
        var path = Path.Combine(_dir, "log");
        using (LogFile.Open(path, LogFileMode.CreateNew, false))
        {
        }

        Assert.Throws<IOException>(() => LogFile.Open(path, LogFileMode.CreateNew, false));
    }

    [Fact]
    public void AppendKeepsAndTruncateDiscards()
    {
        var path = Path.Combine(_dir, "log");
        File.WriteAllText(path, "old\n");
        using (var writer = LogFile.Open(path, LogFileMode.Append, false))
        {
            writer.WriteLine("new");
        }

        Assert.Equal("old\nnew\n", File.ReadAllText(path));
        using (var writer = LogFile.Open(path, LogFileMode.Truncate, false))
        {
            writer.WriteLine("only");
        }

        Assert.Equal("only\n", File.ReadAllText(path));
    }

    [Fact]
    public void LineBufferedWritesReachTheFileAtOnce()
    {
        var path = Path.Combine(_dir, "log");
        using var writer = LogFile.Open(path, LogFileMode.Truncate, lineBuffered: true);
        writer.WriteLine("line");
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal("line", reader.ReadLine());
    }

    [Fact]
    public void MarkersInTheSeedsShape()
    {
        var at = new DateTime(2026, 8, 1, 9, 5, 7);
        Assert.Equal("--- start --- 2026-08-01 09:05:07 ---", LogFile.StartMarker(at));
        Assert.Equal("--- stop  --- 2026-08-01 09:05:07 ---", LogFile.StopMarker(at));
    }

    [Fact]
    public void LinesCarryTimeLevelLetterCategoryAndEvent()
    {
        var output = new StringWriter();
        using (var sink = new LogSink(output, ownsWriter: false))
        {
            var logger = new LineLogger("Cat.Egory", sink);
            logger.LogWarning(new EventId(42), "hello {Who}", "world");
        }

        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} W Cat\.Egory\[42\]: hello world\r?\n$", output.ToString());
    }

    [Theory]
    [InlineData(null, LogLevel.Information)]
    [InlineData(-1, LogLevel.Trace)]
    [InlineData(129, LogLevel.Trace)]
    [InlineData(16, LogLevel.Debug)]
    [InlineData(8, LogLevel.Information)]
    [InlineData(0, LogLevel.Warning)]
    [InlineData(128, LogLevel.Warning)]
    public void DebugBitsToMinimumLevel(int? mask, LogLevel level) =>
        Assert.Equal(level, DebugLevel.MinimumLevel(mask));

    [Fact]
    public void DebugBitsOpenCategories()
    {
        var output = new StringWriter();
        using var sink = new LogSink(output, ownsWriter: false);
        using var factory = LoggerFactory.Create(b =>
        {
            b.AddProvider(new LineLoggerProvider(sink));
            DebugLevel.Configure(b, 1 << 7);
        });
        factory.CreateLogger("SpoaOpenTracing.Spop.Server").LogDebug("spop-debug");
        factory.CreateLogger("SpoaOpenTracing.Tracing.Engine").LogDebug("tracing-debug");
        factory.CreateLogger("SpoaOpenTracing.Tracing.Engine").LogWarning("tracing-warning");
        var text = output.ToString();
        Assert.Contains("spop-debug", text);
        Assert.DoesNotContain("tracing-debug", text);
        Assert.Contains("tracing-warning", text);
    }
}
