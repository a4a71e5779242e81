using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SpoaOpenTracing.Tracing.Export.Transport;

/// <summary>
/// TLS settings of an https endpoint: the CA certificates the collector's certificate must chain to
/// (<c>OTEL_EXPORTER_OTLP_CERTIFICATE</c>; none = the system's trust store) and the client certificate for mTLS.
/// </summary>
internal sealed class TransportSecurity : IDisposable
{
    private readonly X509Certificate2Collection? _roots;
    private readonly X509Certificate2? _clientCertificate;

    private TransportSecurity(X509Certificate2Collection? roots, X509Certificate2? clientCertificate)
    {
        _roots = roots;
        _clientCertificate = clientCertificate;
    }

    /// <summary>Loads the PEM files; a null path means that part is not used.</summary>
    public static TransportSecurity FromFiles(string? caFile, string? clientCertificateFile, string? clientKeyFile)
    {
        X509Certificate2Collection? roots = null;
        if (caFile is not null)
        {
            roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            if (roots.Count == 0)
            {
                throw new TracingConfigurationException(nameof(TracingOptions.CertificateFile), $"'{caFile}' holds no PEM certificate");
            }
        }

        var client = clientCertificateFile is not null && clientKeyFile is not null
            ? X509Certificate2.CreateFromPemFile(clientCertificateFile, clientKeyFile)
            : null;
        return new TransportSecurity(roots, client);
    }

    public SslClientAuthenticationOptions ClientOptions(string host)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = Validate,
        };
        if (_clientCertificate is not null)
        {
            options.ClientCertificates = [_clientCertificate];
        }

        return options;
    }

    public void Dispose()
    {
        _clientCertificate?.Dispose();
        if (_roots is not null)
        {
            foreach (var root in _roots)
            {
                root.Dispose();
            }
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A custom CA replaces the system's roots for the chain only: the host name must still match.
        if (_roots is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }
}
