using SpoaOpenTracing.Tests.Shared;
using Xunit.Abstractions;

namespace SpoaOpenTracing.Syslog.Tests.Fuzz;

/// <summary>Mutated HAProxy frames and streams through the header parser and the TCP framing: no exception
/// escapes. The suite runs <see cref="FuzzSettings.Inputs"/> (100,000); <c>fuzz/run.sh</c> a million.</summary>
[Trait("Category", "Fuzz")]
public sealed class SyslogFuzzTests
{
    private readonly ITestOutputHelper _output;

    public SyslogFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void MutatedFramesAndStreams_NoExceptionEscapes()
    {
        var summary = "syslog: " + SyslogFuzz.Run(FuzzSettings.Inputs);
        _output.WriteLine(summary);
        FuzzSettings.Report(summary);
    }
}
