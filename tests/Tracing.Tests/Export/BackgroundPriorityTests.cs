using SpoaOpenTracing.Tracing.Export;

namespace SpoaOpenTracing.Tracing.Tests.Export;

public sealed class BackgroundPriorityTests
{
    [Fact]
    public void OnlyTheCallingThreadIsLowered()
    {
        var caller = ThreadNice.OfCurrentThread();
        int before = 0, after = 0;
        var lowered = false;
        var thread = new Thread(() =>
        {
            before = ThreadNice.OfCurrentThread();
            lowered = BackgroundPriority.LowerCurrentThread();
            after = ThreadNice.OfCurrentThread();
        });
        thread.Start();
        thread.Join();

        Assert.True(lowered);
        Assert.Equal(Math.Min(19, before + BackgroundPriority.NiceIncrement), after);
        Assert.Equal(caller, ThreadNice.OfCurrentThread());
    }
}
