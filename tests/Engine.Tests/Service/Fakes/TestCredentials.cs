using System.Buffers.Text;
using System.Text;
using NSec.Cryptography;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>A fresh Ed25519 client credential, shaped like the ones ConductorOne issues.</summary>
internal sealed class TestCredentials
{
    public const string TenantHost = "acme.conductor.example";
    public const string ClientId = "strange-hydra-68836@" + TenantHost + "/pcc";
    public const string SecretPrefix = "secret-token:conductorone.com:v1:";

    private TestCredentials(byte[] publicKey, byte[] seed)
    {
        PublicKey = publicKey;
        Seed = seed;
        Jwk = $$"""{"kty":"OKP","crv":"Ed25519","x":"{{Base64Url.EncodeToString(publicKey)}}","d":"{{Base64Url.EncodeToString(seed)}}"}""";
        Secret = SecretFromJwk(Jwk);
    }

    public byte[] PublicKey { get; }

    public byte[] Seed { get; }

    public string Jwk { get; }

    public string Secret { get; }

    public static TestCredentials Create()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new TestCredentials(key.PublicKey.Export(KeyBlobFormat.RawPublicKey), key.Export(KeyBlobFormat.RawPrivateKey));
    }

    public static string SecretFromJwk(string json) => SecretPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
