using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Service;

/// <summary>The JSON body of a successful token endpoint reply.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn);

[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class TokenResponseContext : JsonSerializerContext;
