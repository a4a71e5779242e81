using SpoaOpenTracing.Cli.Options;
using Xunit;

namespace SpoaOpenTracing.Cli.Tests.Options;

public sealed class GetoptParserTests
{
    private static readonly OptionSpec[] Table =
    [
        new('r', "runtime", true),
        new('D', "daemonize", false),
        new('h', "help", false),
        new('C', "ot-tracer-config", true),
        new('\0', "max-traces", true),
        new('\0', "max-spans-per-trace", true),
    ];

    private static List<(string Name, string? Argument)> Parse(params string[] args)
    {
        var operands = new List<string>();
        return GetoptParser.Parse(Table, args, operands).Select(o => (o.Spec.Long, o.Argument)).ToList();
    }

    [Theory]
    [InlineData(new[] { "-r0" }, "0")]
    [InlineData(new[] { "-r", "0" }, "0")]
    [InlineData(new[] { "--runtime=5s" }, "5s")]
    [InlineData(new[] { "--runtime", "5s" }, "5s")]
    [InlineData(new[] { "--runtime=" }, "")]
    [InlineData(new[] { "--run=5s" }, "5s")]
    [InlineData(new[] { "-r", "-1" }, "-1")]
    public void AcceptsEveryArgumentForm(string[] args, string expected) =>
        Assert.Equal([("runtime", expected)], Parse(args));

    [Fact]
    public void ClustersFlagsAndEndsAtAnArgument() =>
        Assert.Equal([("daemonize", null), ("help", null), ("ot-tracer-config", "file")], Parse("-DhCfile"));

    [Fact]
    public void DoubleDashEndsOptions()
    {
        var operands = new List<string>();
        var parsed = GetoptParser.Parse(Table, ["-D", "--", "-r0", "x"], operands);
        Assert.Single(parsed);
        Assert.Equal(["-r0", "x"], operands);
    }

    [Fact]
    public void LoneDashAndWordsAreOperands()
    {
        var operands = new List<string>();
        GetoptParser.Parse(Table, ["-", "word", "-D"], operands);
        Assert.Equal(["-", "word"], operands);
    }

    [Theory]
    [InlineData(new[] { "-x" }, "invalid option -- 'x'")]
    [InlineData(new[] { "-Dx" }, "invalid option -- 'x'")]
    [InlineData(new[] { "--nope" }, "unrecognized option '--nope'")]
    [InlineData(new[] { "-r" }, "option requires an argument -- 'r'")]
    [InlineData(new[] { "--runtime" }, "option '--runtime' requires an argument")]
    [InlineData(new[] { "--help=1" }, "option '--help' doesn't allow an argument")]
    [InlineData(new[] { "--max=1" }, "option '--max' is ambiguous")]
    public void ReportsErrorsLikeGetopt(string[] args, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => Parse(args)).Message);

    [Fact]
    public void ExactLongNameWinsOverPrefix() =>
        Assert.Equal([("max-traces", "3")], Parse("--max-traces=3"));
}
