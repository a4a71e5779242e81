using System.Net;
using Microsoft.Extensions.Logging;
using SpoaOpenTracing.Spop.Internal;
using SpoaOpenTracing.Spop.Tests.Support;
using SpoaOpenTracing.Tests.SpopClient;
using Xunit;

namespace SpoaOpenTracing.Spop.Tests;

/// <summary>A handler that fails on every message (one per HTTP request in production) must not flood the log.</summary>
public sealed class HandlerErrorLogTests
{
    [Fact]
    public async Task EveryFailureIsCounted_ButOnlyOneLineIsLoggedPerSecond()
    {
        var logged = new CountingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logged));
        var options = new SpopServerOptions();
        options.EndPoints.Add(new IPEndPoint(IPAddress.Loopback, 0));
        await using var server = new SpopServer(new AlwaysThrows(), options, loggerFactory);
        await server.StartAsync();
        await using var client = await SpopTestClient.ConnectAsync(server.BoundEndPoints[0]);
        await client.HelloAsync();

        const int frames = 50;
        for (ulong i = 1; i <= frames; i++)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            new MessageListWriter(buffer).BeginMessage("fails", 0);
            await client.SendAsync(HelloBuilder.Frame(FrameType.Notify, FrameFlags.Fin, i, 1, buffer.WrittenSpan));
            Assert.Equal(FrameType.Ack, (await client.ReadFrameAsync())!.Header.Type);
        }

        Assert.Equal(frames, server.Metrics.HandlerErrors);
        // One line a second: the 50 round trips take milliseconds, and even a machine slowed 100 times over stays
        // far below one line per failure.
        Assert.InRange(logged.HandlerErrorLines, 1, frames / 2);
    }

    private sealed class AlwaysThrows : IMessageHandler
    {
        public void HandleMessage(in SpopMessage message, ref ActionWriter actions) => throw new InvalidOperationException("boom");
    }

    private sealed class CountingLoggerProvider : ILoggerProvider, ILogger
    {
        private int _handlerErrorLines;

        public int HandlerErrorLines => Volatile.Read(ref _handlerErrorLines);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 140)
            {
                Interlocked.Increment(ref _handlerErrorLines);
            }
        }

        public void Dispose()
        {
        }
    }
}
