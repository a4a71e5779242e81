using System.Text;
using SpoaOpenTracing.Tracing.Requests;
using SpoaOpenTracing.Tracing.Spans;

namespace SpoaOpenTracing.Tracing.Tests.Requests;

public sealed class TraceLineParserTests
{
    private const string Whole =
        "otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c parent_span_id=b7ad6b7169203331 server_span_id=00f067aa0ba902b7 "
        + "client_span_id=a3ce929d0e0e4736 sampled=1 tracestate=\"vendor=a b\" start_us=1700000000000000 backend_us=1700000000001000 "
        + "response_us=1700000000004000 end_us=1700000000005000 method=GET scheme=https version=HTTP/2.0 host=\"example.test:8443\" "
        + "path=\"\\/a b\\\"c\" query=\"q=\\\\1\" user_agent=\"caf\\u00e9 \\t\" client_address=::1 client_port=40000 frontend_port=8443 "
        + "status=502 frontend=fe backend=be server=s1 server_address=127.0.0.2 server_port=8000 termination=SH retries=+2 "
        + "request_ms=0 queue_ms=1 connect_ms=2 response_ms=-1 active_ms=5 bytes_in=80 bytes_out=512 end;";

    private readonly TraceLineParser _parser = new();
    private readonly RequestRecord _record = new();

    [Fact]
    public void EachFieldButUnknownHasItsTraceLineNameAtItsOwnIndex()
    {
        // One enum serves both inputs: the trace line's name table must stay aligned with it.
        Assert.Equal((int)RequestField.Unknown, TraceLineFormat.KeyNames.Length);
        Assert.Equal("trace_id", Name(RequestField.TraceId));
        Assert.Equal("sampled", Name(RequestField.Sampled));
        Assert.Equal("start_us", Name(RequestField.TsStart));
        Assert.Equal("version", Name(RequestField.HttpVersion));
        Assert.Equal("termination", Name(RequestField.Termination));
        Assert.Equal("bytes_out", Name(RequestField.BytesOut));

        static string Name(RequestField field) => Encoding.ASCII.GetString(TraceLineFormat.KeyNames[(int)field]);
    }

    [Fact]
    public void AWholeLineFillsEveryFieldOfTheRecord()
    {
        Assert.Equal(TraceLineError.None, Parse(Whole));

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", _record.TraceId.ToString());
        Assert.Equal("b7ad6b7169203331", _record.ParentSpanId.ToString());
        Assert.Equal("00f067aa0ba902b7", _record.ServerSpanId.ToString());
        Assert.Equal("a3ce929d0e0e4736", _record.ClientSpanId.ToString());
        Assert.Equal("vendor=a b", _record.TraceState);
        Assert.Equal(
            (1_700_000_000_000_000_000L, 1_700_000_000_001_000_000L, 1_700_000_000_004_000_000L, 1_700_000_000_005_000_000L),
            (_record.StartUnixNano, _record.BackendStartUnixNano, _record.ResponseUnixNano, _record.EndUnixNano));
        Assert.Equal(("GET", "https", "2.0", "example.test"), (_record.Method, _record.Scheme, _record.ProtocolVersion, _record.Host));
        Assert.Equal(("/a b\"c", "q=\\1", "café \t"), (_record.Path, _record.Query, _record.UserAgent));
        Assert.Equal(("::1", 40000, 8443, 502), (_record.ClientAddress, _record.ClientPort, _record.FrontendPort, _record.StatusCode));
        Assert.Equal(("fe", "be", "s1", "127.0.0.2", 8000), (_record.Frontend, _record.Backend, _record.Server, _record.ServerAddress, _record.ServerPort));
        Assert.Equal(("SH", 2), (_record.TerminationState, _record.Retries));
        Assert.Equal((0L, 1L, 2L, -1L, 5L), (_record.RequestMs, _record.QueueMs, _record.ConnectMs, _record.ResponseMs, _record.ActiveMs));
        Assert.Equal((80L, 512L), (_record.BytesIn, _record.BytesOut));
        Assert.Empty(_record.ExtraAttributes);
    }

    [Theory]
    [InlineData("", nameof(TraceLineError.NotATraceLine))]
    [InlineData("127.0.0.1:1234 [03/Dec/2026:12:00:00.000] fe be/s1 0/0/0/1/1 200 116 - - ---- \"GET / HTTP/1.1\"", nameof(TraceLineError.NotATraceLine))]
    [InlineData("Proxy fe started.", nameof(TraceLineError.NotATraceLine))]
    [InlineData("otel-trace/2 trace_id=0af7651916cd43dd8448eb211c80319c end;", nameof(TraceLineError.UnknownVersion))]
    [InlineData("otel-trace/12 end;", nameof(TraceLineError.UnknownVersion))]
    [InlineData("otel-trace/", nameof(TraceLineError.Truncated))]
    [InlineData("otel-trace/1", nameof(TraceLineError.Truncated))]
    [InlineData("otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c", nameof(TraceLineError.Truncated))]
    [InlineData("otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c end", nameof(TraceLineError.Truncated))]
    [InlineData("otel-trace/1 path=\"\\/a b", nameof(TraceLineError.Truncated))]
    [InlineData("otel-trace/1 path=\"\\/a\\", nameof(TraceLineError.Truncated))]
    [InlineData("otel-trace/1 trace_id 0af7651916cd43dd8448eb211c80319c end;", nameof(TraceLineError.Malformed))]
    [InlineData("otel-trace/1 =1 end;", nameof(TraceLineError.Malformed))]
    [InlineData("otel-trace/1 trace\"id=1 end;", nameof(TraceLineError.Malformed))]
    [InlineData("otel-trace/1 status=200  end;", nameof(TraceLineError.Malformed))]
    [InlineData("otel-trace/1 status=200 status=201 end;", nameof(TraceLineError.Malformed))]
    [InlineData("otel-trace/1 status=- status=201 end;", nameof(TraceLineError.Malformed))]
    [InlineData("otel-trace/1 status=200 end extra", nameof(TraceLineError.Malformed))]
    [InlineData("otel-trace/1 path=\"a\"b end;", nameof(TraceLineError.BadQuoting))]
    [InlineData("otel-trace/1 path=\"a\\x\" end;", nameof(TraceLineError.BadQuoting))]
    [InlineData("otel-trace/1 path=\"a\\u00g1\" end;", nameof(TraceLineError.BadQuoting))]
    [InlineData("otel-trace/1 path=\"a\\u00\" end;", nameof(TraceLineError.BadQuoting))]
    [InlineData("otel-trace/1 path=\"a\tb\" end;", nameof(TraceLineError.BadQuoting))]
    [InlineData("otel-trace/1 future_key=\"a\\q\" end;", nameof(TraceLineError.BadQuoting))]
    [InlineData("otel-trace/1 attr.tenant=\"a\\q\" end;", nameof(TraceLineError.BadQuoting))]
    [InlineData("otel-trace/1 trace_id=0AF7651916CD43DD8448EB211C80319C end;", nameof(TraceLineError.BadId))]
    [InlineData("otel-trace/1 trace_id=00000000000000000000000000000000 end;", nameof(TraceLineError.BadId))]
    [InlineData("otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319 end;", nameof(TraceLineError.BadId))]
    [InlineData("otel-trace/1 server_span_id=0000000000000000 end;", nameof(TraceLineError.BadId))]
    [InlineData("otel-trace/1 client_span_id=00f067aa0ba902b7a end;", nameof(TraceLineError.BadId))]
    [InlineData("otel-trace/1 parent_span_id=\"00f067aa0ba902b7\" end;", nameof(TraceLineError.BadId))]
    [InlineData("otel-trace/1 status=20x end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 status=65536 end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 client_port=-1 end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 start_us=0 end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 start_us=9223372036854776 end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 bytes_in=99999999999999999999 end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 queue_ms=-2 end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 retries=+ end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 sampled=2 end;", nameof(TraceLineError.BadNumber))]
    [InlineData("otel-trace/1 end;", nameof(TraceLineError.MissingKey))]
    [InlineData("otel-trace/1 trace_id=0af7651916cd43dd8448eb211c80319c server_span_id=00f067aa0ba902b7 start_us=1700000000000000 end_us=- end;", nameof(TraceLineError.MissingKey))]
    [InlineData("otel-trace/1 trace_id=- server_span_id=- start_us=- end_us=1700000000000000 end;", nameof(TraceLineError.NoContext))]
    public void ABadLineIsRefusedWithItsReason(string line, string expected)
    {
        Assert.Equal(Enum.Parse<TraceLineError>(expected), Parse(line));
    }

    [Fact]
    public void AnUnsampledLineIsRecognisedAfterItParsed()
    {
        Assert.Equal(TraceLineError.Unsampled, Parse(Whole.Replace("sampled=1", "sampled=0", StringComparison.Ordinal)));
        Assert.Equal(TraceLineError.None, Parse(Whole.Replace("sampled=1", "sampled=-", StringComparison.Ordinal)));
    }

    [Fact]
    public void UnknownKeysAreSkippedInAnyPlaceAndOrderDoesNotMatter()
    {
        var reordered = "otel-trace/1 end_us=1700000000005000 future=\"x y\" server_span_id=00f067aa0ba902b7 another=7 "
            + "start_us=1700000000000000 trace_id=0af7651916cd43dd8448eb211c80319c end;";

        Assert.Equal(TraceLineError.None, Parse(reordered));
        Assert.Equal("00f067aa0ba902b7", _record.ServerSpanId.ToString());
        Assert.Equal(1_700_000_000_005_000_000L, _record.EndUnixNano);
    }

    [Fact]
    public void AttrKeysBecomeServerAttributesNumbersAsIntegers()
    {
        var line = Whole.Replace(" bytes_out=512 end;", " bytes_out=512 attr.tenant=\"acme \\\"x\\\"\" attr.shard=12 attr.none=- attr.word=blue end;", StringComparison.Ordinal);

        Assert.Equal(TraceLineError.None, Parse(line));
        Assert.Equal(
            [new SpanAttribute("tenant", "acme \"x\""), new SpanAttribute("shard", 12L), new SpanAttribute("word", "blue")],
            _record.ExtraAttributes);
    }

    [Theory]
    [InlineData("\"\"", null)]
    [InlineData("-", null)]
    [InlineData("\"-\"", "-")]
    [InlineData("\"\\/\\\\\\\"\\b\\f\\n\\r\\t\"", "/\\\"\b\f\n\r\t")]
    [InlineData("\"\\u00e9\\u20AC\\ud83d\\ude00\"", "é€😀")]
    [InlineData("\"a=b c\"", "a=b c")]
    [InlineData("bare", "bare")]
    public void TextValuesAreJsonStringsOrBareTokens(string value, string? expected)
    {
        Assert.Equal(TraceLineError.None, Parse(Whole.Replace("user_agent=\"caf\\u00e9 \\t\"", "user_agent=" + value, StringComparison.Ordinal)));
        Assert.Equal(expected, _record.UserAgent);
    }

    [Fact]
    public void RawUtf8InsideQuotesIsKeptAndInvalidBytesBecomeReplacementCharacters()
    {
        var line = Encoding.UTF8.GetBytes(Whole.Replace("caf\\u00e9 \\t", "café", StringComparison.Ordinal)).ToList();
        var at = Encoding.UTF8.GetBytes(Whole).AsSpan().IndexOf("user_agent=\""u8) + "user_agent=\""u8.Length;
        line.Insert(at, 0xff);

        Assert.Equal(TraceLineError.None, _parser.Parse(line.ToArray(), _record));
        Assert.Equal("\ufffdcafé", _record.UserAgent);
    }

    [Theory]
    [InlineData("\"example.test\"", "example.test")]
    [InlineData("\"example.test:8080\"", "example.test")]
    [InlineData("\"[::1]:10080\"", "::1")]
    [InlineData("\"[::1]\"", "::1")]
    [InlineData("\"::1\"", "::1")]
    [InlineData("\"host:port\"", "host:port")]
    public void TheHostHeaderLosesItsPort(string value, string expected)
    {
        Assert.Equal(TraceLineError.None, Parse(Whole.Replace("\"example.test:8443\"", value, StringComparison.Ordinal)));
        Assert.Equal(expected, _record.Host);
    }

    [Fact]
    public void TrailingLineEndsAndSpacesAreIgnored()
    {
        Assert.Equal(TraceLineError.None, Parse(Whole + " \r\n"));
    }

    [Fact]
    public void EveryPrefixOfAWholeLineIsTruncatedOrRefusedNeverAccepted()
    {
        var bytes = Encoding.ASCII.GetBytes(Whole);
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = _parser.Parse(bytes.AsSpan(0, length), _record);
            Assert.NotEqual(TraceLineError.None, error);
            if (length > "otel-trace/".Length)
            {
                // Cut anywhere, the line is known to be cut (a cut after a space may also leave a bad-looking key).
                Assert.True(error is TraceLineError.Truncated or TraceLineError.Malformed, $"{length}: {error}");
            }
        }
    }

    [Fact]
    public void LowCardinalityNamesAreInternedAcrossLines()
    {
        Parse(Whole);
        var (method, backend, termination) = (_record.Method, _record.Backend, _record.TerminationState);
        var other = new RequestRecord();

        Assert.Equal(TraceLineError.None, _parser.Parse(Encoding.ASCII.GetBytes(Whole), other));
        Assert.Same(method, other.Method);
        Assert.Same(backend, other.Backend);
        Assert.Same(termination, other.TerminationState);
    }

    [Fact]
    public void ParsingAllocatesOnlyTheStringsTheRecordKeeps()
    {
        var bytes = Encoding.ASCII.GetBytes(Whole);
        _parser.Parse(bytes, _record);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _parser.Parse(bytes, _record);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Kept: tracestate, host and its port-less copy, path, query, user agent, client address (7 small strings).
        Assert.InRange(allocated, 1, 7 * 64);
    }

    private TraceLineError Parse(string line) => _parser.Parse(Encoding.UTF8.GetBytes(line), _record);
}
