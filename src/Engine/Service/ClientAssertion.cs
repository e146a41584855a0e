using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BatonClerk.Engine.Service;

/// <summary>Builds the EdDSA-signed JWT the token endpoint accepts as a client assertion.</summary>
internal static class ClientAssertion
{
    // C1 tolerates this much clock skew in either direction; the Go SDK uses the same window.
    private static readonly TimeSpan Validity = TimeSpan.FromMinutes(2);

    public static string Create(ServiceCredentials credentials, DateTimeOffset now)
    {
        var header = Json(writer =>
        {
            // Keys sorted as the Go client writes them; no typ and no embedded jwk.
            writer.WriteString("alg", "EdDSA");
            if (credentials.ClientSecret.KeyId is { } kid)
            {
                writer.WriteString("kid", kid);
            }

            writer.WriteString("nonce", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        });

        var claims = Json(writer =>
        {
            writer.WriteString("iss", credentials.ClientId.Value);
            writer.WriteString("sub", credentials.ClientId.Value);
            writer.WriteString("aud", credentials.ClientId.Audience);
            writer.WriteNumber("exp", (now + Validity).ToUnixTimeSeconds());
            writer.WriteNumber("nbf", (now - Validity).ToUnixTimeSeconds());
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
        });

        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(claims)}";
        var signature = credentials.ClientSecret.Sign(Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
