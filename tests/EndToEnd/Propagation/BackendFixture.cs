using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.Propagation;

/// <summary>The origin server shared by the propagation tests; each test brings its own agent and HAProxy.</summary>
public sealed class BackendFixture : IAsyncLifetime
{
    private BackendServer? _backend;

    internal BackendServer Backend => _backend ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _backend = await BackendServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }
}
