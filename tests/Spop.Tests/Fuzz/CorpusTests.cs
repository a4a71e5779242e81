using System.Net;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>
/// The kept corpus: one small stream per kind of damage the fuzzers produce, each with its expected ending, run
/// through the decoding chain and through a real connection. A crash found by a fuzz run is added here.
/// </summary>
/// <remarks>File format: <c>#</c> comment lines, one <c>expect:</c> line (<c>acks=N</c>, <c>disconnect=S</c>,
/// <c>healthcheck</c>, or <c>waits acks=N</c>), then the bytes in hex.</remarks>
[Trait("Category", "Fuzz")]
[Collection(FuzzCollection.Name)]
public sealed class CorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusFolder, "*.hex").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static string CorpusFolder => Path.Combine(AppContext.BaseDirectory, "Fuzz", "Corpus");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task CorpusStream_EndsAsRecorded(string file)
    {
        var (bytes, expected) = Load(file);
        var handler = new ValueReadingHandler();
        var options = new SpopServerOptions { EndPoints = { new IPEndPoint(IPAddress.Loopback, 0) } };
        Assert.Equal(expected, FrameFuzzDriver.Run(bytes, handler, options));
        if (expected.Incomplete)
        {
            return;
        }

        await using var server = new SpopServer(handler, options);
        await server.StartAsync();
        var terminate = expected is { Status: null, HealthCheck: false };
        var actual = await FrameFuzzTests.ReplayAsync(server.BoundEndPoints[0], bytes, terminate);
        Assert.Equal(terminate ? expected with { Status = SpopStatus.Normal } : expected, actual);
    }

    [Fact]
    public void Corpus_IsThere() => Assert.True(Files().Count >= 8);

    private static (byte[] Bytes, Outcome Expected) Load(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(CorpusFolder, file)).Where(l => !l.StartsWith('#')).ToArray();
        var expect = lines.Single(l => l.StartsWith("expect:", StringComparison.Ordinal))["expect:".Length..].Trim();
        var hex = string.Concat(lines.Where(l => !l.StartsWith("expect:", StringComparison.Ordinal))).Replace(" ", string.Empty);
        var words = expect.Split(' ');
        var acks = words.Where(w => w.StartsWith("acks=", StringComparison.Ordinal)).Select(w => int.Parse(w[5..])).SingleOrDefault();
        Outcome outcome = words[0] switch
        {
            "healthcheck" => new Outcome(0, null, false, true),
            "waits" => new Outcome(acks, null, true, false),
            _ when words[0].StartsWith("disconnect=", StringComparison.Ordinal) => new Outcome(acks, (SpopStatus)uint.Parse(words[0][11..]), false, false),
            _ => new Outcome(acks, null, false, false),
        };
        return (Convert.FromHexString(hex), outcome);
    }
}
