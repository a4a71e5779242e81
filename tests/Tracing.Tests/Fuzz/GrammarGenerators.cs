using System.Net;
using CsCheck;
using SpoaOpenTracing.Spop;
using SpoaOpenTracing.Tracing.Tests.Support;

namespace SpoaOpenTracing.Tracing.Tests.Fuzz;

/// <summary>
/// CsCheck generators of <c>opentracing:*</c> messages around the grammar: random argument names, types and values,
/// with small pools of trace ids and span names so that references resolve and spans live long enough to be tagged,
/// finished and reaped.
/// </summary>
internal static class GrammarGenerators
{
    private static readonly string[] s_argumentNames =
        ["id", "span", "child-of", "follows-from", "tag", "baggage", "log", "finish", "kind", "name", "status", "http-status",
         "ts", "traceparent", "inject", "", "", "x-unknown"];

    private static readonly string[] s_words = ["root", "child", "grandchild", "a", "b", "*", "", "error", "true", "http.status", "server", "client"];

    private static readonly Gen<string> GenText = Gen.Frequency(
        (6, Gen.OneOf(s_words)),
        (2, Gen.String[0, 40]),
        (1, Gen.Char.Array[0, 400].Select(c => new string(c))));

    private static readonly Gen<Arg> GenValue = Gen.Frequency(
        (8, GenText.Select(t => Arg.More(t))),
        (1, Gen.Const(Arg.More(SpopDataType.Null, null))),
        (1, Gen.Bool.Select(b => Arg.More(SpopDataType.Boolean, b))),
        (1, Gen.Int.Select(i => Arg.More(SpopDataType.Int32, i))),
        (1, Gen.UInt.Select(i => Arg.More(SpopDataType.UInt32, i))),
        (1, Gen.Long.Select(i => Arg.More(SpopDataType.Int64, i))),
        (1, Gen.ULong.Select(i => Arg.More(SpopDataType.UInt64, i))),
        (1, Gen.Byte.Array[4].Select(b => Arg.More(SpopDataType.IPv4, new IPAddress(b)))),
        (1, Gen.Byte.Array[16].Select(b => Arg.More(SpopDataType.IPv6, new IPAddress(b)))),
        (1, Gen.Byte.Array[0, 64].Select(b => Arg.More(SpopDataType.Binary, b))));

    private static readonly Gen<Arg> GenTraceId = Gen.Frequency(
        (8, Gen.Int[0, 40].Select(i => Arg.Str("id", "trace-" + i))),
        (1, Gen.Int[0, 40].Select(i => new Arg("id", SpopDataType.UInt64, (ulong)i))),
        (1, GenValue.Select(v => v with { Name = "id" })));

    private static readonly Gen<Arg> GenArgument =
        Gen.Select(Gen.Frequency((10, Gen.OneOf(s_argumentNames)), (1, Gen.String[0, 20])), GenValue).Select((name, value) => value with { Name = name });

    private static readonly Gen<Arg> GenSpanName = Gen.Frequency(
        (9, Gen.OneOf("root", "child", "grandchild", "a", "b").Select(Arg.More)),
        (1, GenValue));

    /// <summary>One directive of the grammar, mostly well-formed: a span selection (with a reference), a tag, baggage,
    /// a log, a finish, a span option, or any argument at all.</summary>
    private static readonly Gen<Arg[]> GenDirective = Gen.Frequency(
        (3, Gen.Select(GenSpanName, Gen.Int[0, 2], GenSpanName).Select((name, reference, parent) => reference switch
        {
            0 => new[] { name with { Name = "span" } },
            1 => [name with { Name = "span" }, parent with { Name = "child-of" }],
            _ => [name with { Name = "span" }, parent with { Name = "follows-from" }],
        })),
        (3, Gen.Select(GenText, GenValue.Array[1, 3]).Select((key, values) => new[] { Arg.Str("tag", key) }.Concat(values).ToArray())),
        (1, Gen.Select(GenText, GenText).Select((key, value) => new[] { Arg.Str("baggage", key), Arg.More(value) })),
        (2, Gen.Select(GenText, GenValue).Select((key, value) => new[] { Arg.Str("log", key), value })),
        (2, Gen.OneOf("root", "child", "grandchild", "a", "*", "").Select(name => new[] { Arg.Str("finish", name) })),
        (1, Gen.Select(Gen.OneOf("kind", "name", "status", "http-status", "ts"), GenValue).Select((option, value) => new[] { value with { Name = option } })),
        (1, GenArgument.Select(a => new[] { a })));

    /// <summary>A message: mostly <c>opentracing:*</c> with <c>id</c> first, then directives; sometimes anything.</summary>
    public static readonly Gen<(string Name, Arg[] Args)> GenMessage = Gen.Frequency(
        (9, Gen.Select(Gen.OneOf("opentracing:frontend_tcp_request", "opentracing:backend_http_response", "opentracing:x"),
                GenTraceId, Gen.Int[0, 9], GenDirective.Array[0, 6])
            .Select((name, id, opening, directives) => (name, (Arg[])[id, .. Opening(opening), .. directives.SelectMany(d => d).Take(240)]))),
        (1, Gen.Select(Gen.String[0, 30], GenArgument.Array[0, 8]).Select((name, args) => (name, args))));

    /// <summary>Most messages start like the seed's: a root, or a child of it, so that later directives find spans.</summary>
    private static Arg[] Opening(int kind) => kind switch
    {
        < 4 => [Arg.Str("span", "root"), Arg.Str("tag", "http.method"), Arg.More("GET")],
        < 7 => [Arg.Str("span", "child"), Arg.Str("child-of", "root")],
        _ => [],
    };
}
