using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Service;

/// <summary>The JWK members an Ed25519 client secret carries.</summary>
internal sealed record OkpJwk(
    [property: JsonPropertyName("kty")] string? Kty,
    [property: JsonPropertyName("crv")] string? Crv,
    [property: JsonPropertyName("x")] string? X,
    [property: JsonPropertyName("d")] string? D,
    [property: JsonPropertyName("kid")] string? Kid);

[JsonSerializable(typeof(OkpJwk))]
internal sealed partial class OkpJwkContext : JsonSerializerContext;
