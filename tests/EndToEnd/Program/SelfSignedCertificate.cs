using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SpoaOpenTracing.EndToEnd.Program;

/// <summary>What examples/make-cert.sh makes, in .NET: a self-signed certificate for 127.0.0.1 followed by its private
/// key, the single PEM file HAProxy's <c>crt</c> takes. Made per test run, so no key is ever stored.</summary>
internal static class SelfSignedCertificate
{
    public static string CreatePem()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
