using System.Net;
using System.Net.Sockets;

namespace SpoaOpenTracing.Syslog.Tests;

public sealed class SyslogEndpointTests
{
    [Theory]
    [InlineData("udp://127.0.0.1:5140", SyslogTransport.Udp, "udp://127.0.0.1:5140")]
    [InlineData("udp://:5140", SyslogTransport.Udp, "udp://127.0.0.1:5140")]
    [InlineData("UDP://localhost:0", SyslogTransport.Udp, "udp://127.0.0.1:0")]
    [InlineData("tcp://[::1]:6514", SyslogTransport.Tcp, "tcp://[::1]:6514")]
    [InlineData("tcp://127.0.0.2:1", SyslogTransport.Tcp, "tcp://127.0.0.2:1")]
    [InlineData("unix:///run/haproxy/log.sock", SyslogTransport.Unix, "unix:///run/haproxy/log.sock")]
    public void Parse_GivesTransportAndCanonicalText(string text, SyslogTransport transport, string canonical)
    {
        var endpoint = SyslogEndpoint.Parse(text);

        Assert.Equal(transport, endpoint.Transport);
        Assert.Equal(canonical, endpoint.Text);
        Assert.Equal(canonical, endpoint.ToString());
    }

    [Fact]
    public void Parse_GivesTheSocketAddress()
    {
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 6514), SyslogEndpoint.Parse("tcp://[::1]:6514").EndPoint);
        Assert.Equal("/tmp/x.sock", Assert.IsType<UnixDomainSocketEndPoint>(SyslogEndpoint.Parse("unix:///tmp/x.sock").EndPoint).ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5140", "expected udp://")]
    [InlineData("http://127.0.0.1:80", "unknown scheme \"http\"")]
    [InlineData("udp://127.0.0.1", "the port is missing")]
    [InlineData("udp://127.0.0.1:65536", "\"65536\" is not a port")]
    [InlineData("udp://127.0.0.1:-1", "\"-1\" is not a port")]
    [InlineData("udp://127.0.0.1:", "\"\" is not a port")]
    [InlineData("udp://::1:5140", "\"::1\" is not an IPv4 address")]
    [InlineData("udp://[127.0.0.1]:5140", "\"[127.0.0.1]\" is not an IPv6 address")]
    [InlineData("tcp://logs.example.com:514", "names are not resolved")]
    [InlineData("udp://10.0.0.1:514", "10.0.0.1 is not a loopback address")]
    [InlineData("tcp://[::]:514", ":: is not a loopback address")]
    [InlineData("unix://relative.sock", "absolute path")]
    public void Parse_RefusesWithAReason(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => SyslogEndpoint.Parse(text));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoteAddress_WhenAllowed()
    {
        var endpoint = SyslogEndpoint.Parse("udp://0.0.0.0:514", allowRemote: true);

        Assert.Equal("udp://0.0.0.0:514", endpoint.Text);
    }
}
