using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NSec.Cryptography;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>Checks a client assertion the way the reference says C1 does; returns null when valid.</summary>
internal static partial class JwtAssertionValidator
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public static string? Validate(string? assertion, string clientId, string audience, byte[] publicKey, DateTimeOffset now)
    {
        var parts = (assertion ?? string.Empty).Split('.');
        if (parts.Length != 3)
        {
            return "assertion is not a compact JWS";
        }

        var key = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
        if (!SignatureAlgorithm.Ed25519.Verify(key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2])))
        {
            return "bad signature";
        }

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var h = header.RootElement;
        var c = claims.RootElement;
        if (h.GetProperty("alg").GetString() != "EdDSA" || h.TryGetProperty("typ", out _) || h.TryGetProperty("jwk", out _))
        {
            return "bad header";
        }

        if (!NonceRegex().IsMatch(h.GetProperty("nonce").GetString() ?? string.Empty))
        {
            return "bad nonce";
        }

        if (c.GetProperty("iss").GetString() != clientId || c.GetProperty("sub").GetString() != clientId)
        {
            return "bad iss/sub";
        }

        if (c.GetProperty("aud").ValueKind != JsonValueKind.String || c.GetProperty("aud").GetString() != audience)
        {
            return "bad aud";
        }

        var nbf = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("nbf").GetInt64());
        var exp = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("exp").GetInt64());
        var iat = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("iat").GetInt64());
        if (nbf > now + Skew || exp < now - Skew || exp - nbf != TimeSpan.FromMinutes(4) || iat - nbf != TimeSpan.FromMinutes(2))
        {
            return "bad validity window";
        }

        return c.TryGetProperty("jti", out _) ? "unexpected jti" : null;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex NonceRegex();
}
