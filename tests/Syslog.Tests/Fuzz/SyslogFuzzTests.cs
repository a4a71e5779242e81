using Xunit.Abstractions;

namespace SpoaOpenTracing.Syslog.Tests.Fuzz;

public sealed class SyslogFuzzTests
{
    private readonly ITestOutputHelper _output;

    public SyslogFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>The long run (<c>SYSLOG_FUZZ_INPUTS</c>, default 1,000,000; <c>FUZZ_SEED</c> replays a failing one).</summary>
    [Fact]
    [Trait("Category", "Fuzz")]
    public void Million_MutatedFramesAndStreams_NoExceptionEscapes()
    {
        var inputs = long.TryParse(Environment.GetEnvironmentVariable("SYSLOG_FUZZ_INPUTS"), out var n) && n > 0 ? n : 1_000_000;
        _output.WriteLine(SyslogFuzz.Run(inputs));
    }

    [Fact]
    public void Short_MutatedFramesAndStreams_NoExceptionEscapes()
    {
        _output.WriteLine(SyslogFuzz.Run(20_000));
    }
}
