using SpoaOpenTracing.Cli.Hosting;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Hosting;

public sealed class PidFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spoa-cli-pid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SecondCreateFailsAndDisposeRemoves()
    {
        var path = Path.Combine(_dir, "agent.pid");
        using (var first = PidFile.Create(path))
        {
            first.Write(4242);
            Assert.Equal("4242\n", File.ReadAllText(path));
            Assert.Throws<IOException>(() => PidFile.Create(path));
        }

        Assert.False(File.Exists(path));
        using var again = PidFile.Create(path);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void ReleaseKeepsTheFileForTheAdopter()
    {
        var path = Path.Combine(_dir, "agent.pid");
        var parent = PidFile.Create(path);
        parent.Release();
        parent.Dispose();
        Assert.True(File.Exists(path));
        using (var child = PidFile.Adopt(path))
        {
            child.Write(7);
            Assert.Equal("7\n", File.ReadAllText(path));
        }

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ReadinessReportsRoundTrip()
    {
        Assert.Equal((true, 0, string.Empty), DaemonChannel.Parse("OK"));
        Assert.Equal((false, 70, "unable to listen: in use"), DaemonChannel.Parse("ERR 70 unable to listen: in use"));
        Assert.False(DaemonChannel.Parse(null).Ready);
        Assert.Equal(255, DaemonChannel.Parse("garbage").ExitCode);
    }
}
