using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>A membership names its user only inside public_user_data; the role is a key, not an id.</summary>
public sealed record ClerkMembership
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("role")] public string? Role { get; init; }
    [JsonPropertyName("role_name")] public string? RoleName { get; init; }
    [JsonPropertyName("organization")] public ClerkOrganization? Organization { get; init; }
    [JsonPropertyName("public_user_data")] public ClerkPublicUserData? PublicUserData { get; init; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; init; }
}

public sealed record ClerkPublicUserData
{
    [JsonPropertyName("user_id")] public string? UserId { get; init; }
    [JsonPropertyName("identifier")] public string? Identifier { get; init; }
}
