using System.Reflection;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop.Internal;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Internal;

public class SpopLogTests
{
    [Fact]
    public void EventIds_AreDistinct_AndInSpopsRange()
    {
        // 100-199 is Spop's; Tracing and the program log in other ranges, so an id names one line in the process.
        var ids = typeof(SpopLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 100, 199));
    }
}
