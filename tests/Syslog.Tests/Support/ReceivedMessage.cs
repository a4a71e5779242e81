using System.Text;

namespace SpoaOpenTracing.Syslog.Tests.Support;

/// <summary>A <see cref="SyslogMessage"/> copied out of the handler call, as text.</summary>
internal sealed record ReceivedMessage(SyslogFormat Format, int Priority, string Timestamp, string Hostname, string AppName,
    string ProcId, string MessageId, string StructuredData, string Body)
{
    public static ReceivedMessage From(in SyslogMessage m) => new(m.Format, m.Priority, Text(m.Timestamp), Text(m.Hostname),
        Text(m.AppName), Text(m.ProcId), Text(m.MessageId), Text(m.StructuredData), Text(m.Body));

    public static ReceivedMessage Parse(ReadOnlySpan<byte> frame)
    {
        Assert.True(SyslogHeader.TryParse(frame, out var message, out var error), $"{error}: {Encoding.UTF8.GetString(frame)}");
        return From(message);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
