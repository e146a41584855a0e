using System.Buffers.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace BatonClerk.Engine.Service;

/// <summary>
/// A ConductorOne client secret, <c>secret-token:conductorone.com:v1:&lt;base64url Ed25519 private JWK&gt;</c>,
/// held as an NSec key. Nothing here ever prints the key.
/// </summary>
internal sealed class C1ClientSecret : IDisposable
{
    private const string Expected = "expected 'secret-token:conductorone.com:v1:<base64url private Ed25519 JWK>'";

    private readonly Key _key;

    private C1ClientSecret(Key key, string? keyId)
    {
        _key = key;
        KeyId = keyId;
    }

    /// <summary>The JWK <c>kid</c>, normally absent; echoed in the JWT header only when present.</summary>
    public string? KeyId { get; }

    /// <summary>The raw 32-byte Ed25519 public key (the JWK <c>x</c>).</summary>
    public byte[] PublicKey => _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    public static C1ClientSecret Parse(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw Invalid($"it is empty ({Expected})");
        }

        var parts = secret.Split(':', 4);
        if (parts.Length != 4)
        {
            throw Invalid($"it does not have 4 ':'-separated parts ({Expected})");
        }

        if (parts[2] != "v1")
        {
            throw Invalid($"the version part is not 'v1' ({Expected})");
        }

        var jwk = DecodeBase64Url(parts[3])
            ?? throw Invalid("the key part is not base64url without padding");
        return FromJwk(jwk);
    }

    internal byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    public void Dispose() => _key.Dispose();

    public override string ToString() => "C1ClientSecret(redacted)";

    private static C1ClientSecret FromJwk(byte[] json)
    {
        OkpJwk jwk;
        try
        {
            jwk = JsonSerializer.Deserialize(json, OkpJwkContext.Default.OkpJwk)
                ?? throw Invalid("the key part is not a JSON object");
        }
        catch (JsonException)
        {
            // The JsonException text is dropped on purpose: it can quote parts of the key.
            throw Invalid("the key part is not valid JWK JSON");
        }

        if (jwk.Kty != "OKP")
        {
            throw Invalid("the JWK is not an OKP key (kty must be 'OKP')");
        }

        if (jwk.Crv != "Ed25519")
        {
            throw Invalid("the JWK is not an Ed25519 key (crv must be 'Ed25519')");
        }

        var seed = jwk.D is null ? null : DecodeBase64Url(jwk.D);
        if (seed is not { Length: 32 })
        {
            throw Invalid("the JWK has no valid private part (d must be a 32-byte base64url value)");
        }

        var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        var x = jwk.X is null ? null : DecodeBase64Url(jwk.X);
        if (x is null || !x.AsSpan().SequenceEqual(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)))
        {
            key.Dispose();
            throw Invalid("the JWK public part (x) does not match its private part (d)");
        }

        return new C1ClientSecret(key, jwk.Kid);
    }

    private static byte[]? DecodeBase64Url(string value)
    {
        // Go's RawURLEncoding rejects padding; match it so a secret that works here works there.
        if (value.Length == 0 || value.Contains('=', StringComparison.Ordinal) || !Base64Url.IsValid(value))
        {
            return null;
        }

        return Base64Url.DecodeFromChars(value);
    }

    private static ServiceConfigurationException Invalid(string reason) =>
        new($"Invalid client secret (BATON_CLIENT_SECRET): {reason}.");
}
