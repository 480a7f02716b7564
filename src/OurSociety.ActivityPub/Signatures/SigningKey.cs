using System.Security.Cryptography;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>A local actor's private key and the key id peers fetch to verify it.</summary>
public sealed class SigningKey(string keyId, RSA privateKey)
{
    /// <summary>The key id peers fetch.</summary>
    public string KeyId { get; } = keyId;

    /// <summary>The private key.</summary>
    public RSA PrivateKey { get; } = privateKey;
}
