using System.Collections.Concurrent;
using System.Text;
using SpoaOpenTracing.Syslog;

namespace SpoaOpenTracing.EndToEnd.Syslog;

/// <summary>Keeps the format, app name and body of every syslog message a listener hands over.</summary>
internal sealed class BodyRecorder : ISyslogHandler
{
    private readonly ConcurrentQueue<(SyslogFormat Format, string AppName, string Body)> _messages = new();

    public IReadOnlyCollection<(SyslogFormat Format, string AppName, string Body)> Messages => _messages;

    public void HandleMessage(in SyslogMessage message) =>
        _messages.Enqueue((message.Format, Encoding.UTF8.GetString(message.AppName), Encoding.UTF8.GetString(message.Body)));
}
