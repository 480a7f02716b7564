using System.Security.Cryptography;
using OurSociety.ActivityPub.Signatures;

namespace OurSociety.ActivityPub.Tests.Signatures;

public sealed class RsaKeysTests
{
    [Fact]
    public void Generate_MakesRsa2048Pkcs8AndSpkiPems_ThatImportBack()
    {
        var (privatePem, publicPem) = RsaKeys.Generate();

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", privatePem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicPem, StringComparison.Ordinal);
        using var privateKey = RsaKeys.ImportPrivate(privatePem)!;
        using var publicKey = Assert.IsAssignableFrom<RSA>(RsaKeys.ImportPublic(publicPem));
        Assert.Equal(2048, privateKey.KeySize);
        var data = "hello"u8.ToArray();
        Assert.True(publicKey.VerifyData(data, privateKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void ImportPublic_Pkcs1AndEcKeys_AreRead()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var pkcs1 = RsaKeys.ImportPublic(rsa.ExportRSAPublicKeyPem());
        using var ecKey = RsaKeys.ImportPublic(ec.ExportSubjectPublicKeyInfoPem());

        Assert.IsAssignableFrom<RSA>(pkcs1);
        Assert.IsAssignableFrom<ECDsa>(ecKey);
        Assert.Equal(256, ecKey!.KeySize);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a pem")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----")]
    public void ImportPublic_UnreadableOrEd25519_IsNull(string? pem)
    {
        Assert.Null(RsaKeys.ImportPublic(pem!));
        Assert.Null(RsaKeys.ImportPrivate(pem!));
    }

    [Fact]
    public void ImportPrivate_Pkcs1Pem_IsRead()
    {
        using var rsa = RSA.Create(2048);

        using var imported = RsaKeys.ImportPrivate(rsa.ExportRSAPrivateKeyPem());

        Assert.Equal(rsa.ExportRSAPublicKey(), imported!.ExportRSAPublicKey());
    }

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT", true)]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT", false)]
    [InlineData("Sun Nov  6 08:49:37 1994", false)]
    [InlineData("Sun, 06 Nov 1994 08:49:37 +0000", false)]
    [InlineData("", false)]
    public void HttpDates_TryParse_AcceptsOnlyImfFixdate(string text, bool ok)
    {
        Assert.Equal(ok, HttpDates.TryParse(text, out var value));
        if (ok)
        {
            Assert.Equal(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero), value);
            Assert.Equal(text, HttpDates.Format(value.ToOffset(TimeSpan.FromHours(2))));
        }
    }
}
