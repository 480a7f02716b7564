using System.Security.Cryptography;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>RSA keys as the fediverse exchanges them: SPKI PEM public keys, PKCS#8 PEM private keys.</summary>
public static class RsaKeys
{
    /// <summary>Makes a new RSA-2048 key pair (Mastodon's size): (private PKCS#8 PEM, public SPKI PEM).</summary>
    public static (string PrivatePem, string PublicPem) Generate()
    {
        using var rsa = RSA.Create(2048);
        return (rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>
    /// Imports a public key PEM: SPKI <c>PUBLIC KEY</c> holding RSA (or an EC P-256/P-384/P-521 key, as
    /// <see cref="ECDsa"/>), or PKCS#1 <c>RSA PUBLIC KEY</c> as some servers send; null when unreadable (Ed25519
    /// included). Never throws: the PEM comes from a stranger's actor document.
    /// </summary>
    public static AsymmetricAlgorithm? ImportPublic(string? pem)
    {
        if (!TryDecodePem(pem, out var label, out var der))
        {
            return null;
        }

        if (label == "RSA PUBLIC KEY")
        {
            return Import(RSA.Create(), k => k.ImportRSAPublicKey(der, out _));
        }

        if (label != "PUBLIC KEY")
        {
            return null;
        }

        return (AsymmetricAlgorithm?)Import(RSA.Create(), k => k.ImportSubjectPublicKeyInfo(der, out _))
            ?? Import(ECDsa.Create(), k => k.ImportSubjectPublicKeyInfo(der, out _));
    }

    /// <summary>Imports an RSA private key PEM (PKCS#8 <c>PRIVATE KEY</c> or PKCS#1 <c>RSA PRIVATE KEY</c>); null when unreadable.</summary>
    public static RSA? ImportPrivate(string? pem)
    {
        if (!TryDecodePem(pem, out var label, out var der))
        {
            return null;
        }

        return label switch
        {
            "PRIVATE KEY" => Import(RSA.Create(), k => k.ImportPkcs8PrivateKey(der, out _)),
            "RSA PRIVATE KEY" => Import(RSA.Create(), k => k.ImportRSAPrivateKey(der, out _)),
            _ => null,
        };
    }

    private static bool TryDecodePem(string? pem, out string label, out byte[] der)
    {
        label = "";
        der = [];
        if (pem is null || pem.Length > 64 * 1024 || !PemEncoding.TryFind(pem, out var fields))
        {
            return false;
        }

        label = pem[fields.Label];
        der = new byte[fields.DecodedDataLength];
        return Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written) && written == der.Length;
    }

    private static T? Import<T>(T key, Action<T> import)
        where T : AsymmetricAlgorithm
    {
        try
        {
            import(key);
            return key;
        }
        catch (CryptographicException)
        {
            // Unreadable or another key type: the caller answers null, as promised.
            key.Dispose();
            return null;
        }
    }
}
