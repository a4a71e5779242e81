using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SpoaOpenTracing.Tests.Receivers;

/// <summary>A Kestrel app on 127.0.0.1:0 with no logging and no configuration sources, for in-test HTTP servers.</summary>
internal static class LoopbackWebServer
{
    /// <param name="protocols">What the endpoint speaks; without TLS, <see cref="HttpProtocols.Http2"/> alone is what
    /// serves cleartext HTTP/2 with prior knowledge (h2c), as gRPC clients use it.</param>
    /// <param name="certificate">Given, the endpoint serves TLS with it.</param>
    /// <param name="checkClientCertificate">Given (with a certificate), the handshake requires a client certificate
    /// that passes it.</param>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(Action<WebApplication> map,
        HttpProtocols protocols = HttpProtocols.Http1AndHttp2, X509Certificate2? certificate = null,
        Func<X509Certificate2, bool>? checkClientCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate, https =>
                    {
                        if (checkClientCertificate is not null)
                        {
                            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                            https.ClientCertificateValidation = (presented, _, _) => checkClientCertificate(presented);
                        }
                    });
                }
            });
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address));
    }
}
