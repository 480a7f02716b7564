using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OurSociety.Core;

/// <summary>Random codes and tokens, and the hash under which a bearer secret is stored.</summary>
public static class Secrets
{
    /// <summary>A URL-safe random string with <paramref name="bytes"/> bytes of entropy.</summary>
    public static string NewCode(int bytes = 24) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A one-time password a person can type: 16 characters, no look-alikes.</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 16);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
